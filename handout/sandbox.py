"""The one door to files: resources are served only from the article's folder, the project's
own templates, styles and fonts, and the files a --css stylesheet names. Nothing is fetched
from a network, and paths are judged after symlinks and `..` are resolved."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handout.errors import Problem, error
from handout.model import Article
from handout.near_names import meant_file
from handout.resources import FONTS, STYLES, TEMPLATES


@dataclass
class Refusal:
    url: str
    reason: str
    target: str = ""  # what the URL names, normalised, so two spellings of one file match
    missing: bool = False  # not refused at all: the file is not there (the reason says where it looked)

    def describe(self) -> str:
        """'not found: …' or 'refused: …', to follow the resource's name."""
        return self.reason if self.missing else f"refused: {self.reason}"


@dataclass
class Sandbox:
    """Decides which local files a build may read; remembers every refusal for the report."""

    roots: tuple[Path, ...]
    refused: list[Refusal] = field(default_factory=list)
    files: frozenset[Path] = frozenset()  # single files allowed outside the roots

    @classmethod
    def for_article(cls, article_dir: Path, extra: tuple[Path, ...] = (), logo: str = "") -> "Sandbox":
        """The article's folder and the project's files; an extra stylesheet adds only what it
        names, and handout.yaml's logo only itself."""
        # A --css file's folder is not a root: content could then read anything beside it.
        folders = tuple(path for path in extra if path.is_dir())
        files = frozenset(found for path in extra if not path.is_dir() for found in stylesheet_files(path))
        files |= {Path(logo).resolve()} if logo else set()
        roots = (article_dir, TEMPLATES, STYLES, FONTS, *folders)
        return cls(tuple(root.resolve() for root in roots), files=files)

    def local_path(self, url: str, base: Path) -> Path | None:
        """The file a URL (or relative reference) names, if the build may read it; else None."""
        parts = urlsplit(url)
        target = self.target(url, base)
        if parts.scheme in ("http", "https", "ftp") or (parts.netloc and parts.scheme == ""):
            return self.refuse(url, "resources on the network are not fetched; put the file beside the "
                                    "article and refer to it by a relative path", target)
        if parts.scheme not in ("", "file"):
            return self.refuse(url, f"'{parts.scheme}:' URLs are not read; put the file beside the "
                                    "article and refer to it by a relative path", target)
        if parts.scheme == "file" and parts.netloc not in ("", "localhost"):
            return self.refuse(url, "file URLs on other hosts are not read", target)
        if not unquote(parts.path):
            return self.refuse(url, "empty resource path", target)
        # Containment is decided on the real path (symlinks followed) before existence, so a
        # refusal never tells whether a file outside the sandbox exists.
        try:
            resolved = Path(target).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL (%00) in the name
            return self.refuse(url, "not a path to a file (a symlink loop, or a character no file name has)", target)
        inside = [root for root in self.roots if resolved.is_relative_to(root)]
        if resolved in self.files and resolved.is_file():
            return resolved
        if not inside:
            return self.refuse(url, "outside the article's folder and the project's templates, styles "
                                    "and fonts; the build reads nothing else", target)
        if any(part.startswith(".") for part in resolved.relative_to(inside[0]).parts):
            # Hidden files (.git, .env, .ssh) are never content, even inside the article's folder.
            return self.refuse(url, "hidden files and folders are not read", target)
        if not os.path.exists(resolved):  # never raises (a name too long is simply not there)
            meant = meant_file(resolved, inside[0])
            hint = f"; did you mean '{Path(os.path.relpath(meant, Path(base).resolve())).as_posix()}'?" if meant else ""
            self.refused.append(Refusal(url, f"not found: {resolved}{hint}", target, missing=True))
            return None
        if not resolved.is_file():
            return self.refuse(url, "not a regular file", target)
        return resolved

    def target(self, url: str, base: Path) -> str:
        """The absolute path (or the remote address) a URL names, normalised; only the base is resolved."""
        parts = urlsplit(url)
        if (parts.netloc and parts.netloc != "localhost") or parts.scheme not in ("", "file"):
            return f"//{parts.netloc}{parts.path}" if parts.scheme in ("", "file", "http", "https") else url
        raw = unquote(parts.path)
        if parts.scheme == "file" or raw.startswith("/"):
            return os.path.normpath(raw)
        # The base is resolved so the PDF's and the EPUB's spellings of one image agree.
        return os.path.normpath(os.path.join(Path(base).resolve(), raw))

    def refuse(self, url: str, reason: str, target: str = "") -> None:
        self.refused.append(Refusal(url, reason, target or url))
        return None


CSS_REFERENCE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def stylesheet_files(css: Path, seen: frozenset[Path] = frozenset()) -> set[Path]:
    """A stylesheet and the local files it names (fonts, images, imported sheets), resolved."""
    css = css.resolve()
    if css in seen or not css.is_file():
        return set()
    found = {css}
    text = css.read_text(encoding="utf-8", errors="replace")
    for match in CSS_REFERENCE.finditer(text):
        url = (match[2] or match[4]).strip()
        if urlsplit(url).scheme in ("", "file") and not urlsplit(url).netloc:
            path = Path(Sandbox(()).target(url, css.parent)).resolve()
            found |= stylesheet_files(path, seen | {css}) if path.suffix == ".css" else {path}
    return found


FAILED_IMAGE = re.compile(r"Failed to load image at '([^']*)'")


def engine_problems(sandbox: Sandbox, article, messages: list[str]) -> list[Problem]:
    """The PDF engine's warnings; an image it could not load is lost, so an error at its line."""
    base = Path(article.path).parent
    images = {sandbox.target(image.src, base): image for image in article.images if image.src}
    problems = []
    for message in messages:
        if isinstance(message, Problem):  # already placed (a --css stylesheet's, at its line)
            problems.append(message)
            continue
        if "refused by the build's sandbox" in message:
            continue  # already an error, with the reason
        failed = FAILED_IMAGE.match(message)
        image = images.get(sandbox.target(failed[1], base)) if failed else None
        if failed:
            name = image.src if image else failed[1]
            problems.append(error(article.path, image.line if image else None,
                                  f"image '{name}' could not be read as an image (PNG, JPEG, GIF, WebP or SVG); "
                                  "it would be missing from the PDF", "resource"))
        else:
            problems.append(Problem(article.path, None, f"PDF engine: {message}", "warning", "engine"))
    return problems


def refusals(article: Article, sandbox: Sandbox) -> list[Problem]:
    """Refused resources other than the article's images (those are reported with their line)."""
    # Compare what each URL names, not its spelling: the PDF engine asks for absolute URLs.
    base = Path(article.path).parent
    images = {sandbox.target(image.src, base) for image in article.images if image.src}
    urls = dict.fromkeys(refusal.url for refusal in sandbox.refused if refusal.target not in images)
    reasons = {refusal.url: refusal.describe() for refusal in sandbox.refused}
    return [error(article.path, None, f"resource '{url}' {reasons[url]}", "resource") for url in urls]
