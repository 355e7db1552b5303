"""The one door to files: resources are served only from the article's folder and the
project's own templates, styles and fonts. Nothing is fetched from a network."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .project import FONTS, STYLES, TEMPLATES


@dataclass
class Refusal:
    url: str
    reason: str


@dataclass
class Sandbox:
    """Decides which local files a build may read; remembers every refusal for the report."""

    roots: tuple[Path, ...]
    refused: list[Refusal] = field(default_factory=list)

    @classmethod
    def for_article(cls, article_dir: Path, extra: tuple[Path, ...] = ()) -> "Sandbox":
        roots = (article_dir, TEMPLATES, STYLES, FONTS, *extra)
        return cls(tuple(root.resolve() for root in roots))

    def local_path(self, url: str, base: Path) -> Path | None:
        """The file a URL (or relative reference) names, if the build may read it; else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("", "file"):
            return self.refuse(url, f"'{parts.scheme}:' resources are not fetched; "
                                    "put the file beside the article and refer to it by a relative path")
        if parts.scheme == "file" and parts.netloc not in ("", "localhost"):
            return self.refuse(url, "file URLs on other hosts are not read")
        raw = unquote(parts.path)
        if not raw:
            return self.refuse(url, "empty resource path")
        candidate = Path(raw) if parts.scheme == "file" or raw.startswith("/") else base / raw
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return self.refuse(url, "file not found")
        if not any(resolved.is_relative_to(root) for root in self.roots):
            return self.refuse(url, "outside the article's folder and the project's templates, styles "
                                    "and fonts; the build reads nothing else")
        if not resolved.is_file():
            return self.refuse(url, "not a regular file")
        return resolved

    def refuse(self, url: str, reason: str) -> None:
        self.refused.append(Refusal(url, reason))
        return None
