"""Article file -> Article model: front matter, then Markdown blocks grouped into sections and the FAQ."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote

from handout.errors import BuildError, Problem, error, warning
from handout.model import Article, Block, Faq, FaqItem, Heading, Section
from handout.read.front_matter import read_front_matter, split_front_matter, to_meta
from handout.read.markdown import BlockReader
from handout.read.project_settings import front_matter_defaults
from handout.read.source import read_text


def read_article(path: Path, shown: str | None = None) -> tuple[Article, list[Problem]]:
    """Read one article; raise BuildError on errors, return warnings with the article."""
    article, problems = read_article_and_problems(path, shown)
    if any(problem.is_error for problem in problems):
        raise BuildError(problems)
    return article, problems


def read_article_and_problems(path: Path, shown: str | None = None) -> tuple[Article, list[Problem]]:
    """Read one article whatever its mistakes (front matter values refused stand at their
    defaults); return it with every problem found, errors and warnings. A file that cannot be
    read at all, or has no front matter, raises BuildError."""
    shown = shown or str(path)
    text = read_text(path, shown)
    yaml_text, body_line = split_front_matter(text, shown)
    front, key_lines, front_problems = read_front_matter(yaml_text, shown)
    body = text.split("\n")[body_line - 1:]
    meta = to_meta(front, key_lines, front_matter_defaults(path))
    reader = BlockReader("\n".join(body), body_line, shown, meta.language, meta.smart)
    blocks = reader.read_all()
    quick = BlockReader(front.quick_answer, key_lines.get("quick_answer", 2), shown, meta.language, meta.smart)
    quick_blocks = quick.read_all()
    grouper = SectionGrouper(shown, meta.faq_heading)
    intro, parts = grouper.group(blocks)
    problems = front_problems + reader.problems + quick.problems + grouper.problems
    problems += overdue(meta, shown, key_lines)
    article = Article(path.stem, shown, meta, tuple(quick_blocks), tuple(intro), tuple(parts),
                      tuple(quick.images + reader.images), tuple(reader.footnotes))
    return article, problems


class SectionGrouper:
    """Turns the flat block list into intro, `##` sections with `###` subsections, and the FAQ."""

    def __init__(self, path: str, faq_heading: str):
        self.path = path
        self.faq_heading = faq_heading.casefold()
        self.problems: list[Problem] = []
        self.anchors: set[str] = set()

    def group(self, blocks: list[Block]) -> tuple[list[Block], list[Section | Faq]]:
        intro: list[Block] = []
        chunks: list[tuple[Heading, list[Block]]] = []
        for block in blocks:
            if isinstance(block, Heading) and block.level == 1:
                self.problems.append(error(self.path, block.line,
                                           "'# ' headings are not used in the body: the title comes "
                                           "from front matter; start sections with '## '"))
            elif isinstance(block, Heading) and block.level == 2:
                chunks.append((block, []))
            elif chunks:
                chunks[-1][1].append(block)
            elif isinstance(block, Heading) and block.level == 3:
                self.problems.append(error(self.path, block.line,
                                           "'### ' subsection before any '## ' section"))
            else:
                intro.append(block)
        return intro, [self.part(heading, content) for heading, content in chunks]

    def part(self, heading: Heading, content: list[Block]) -> Section | Faq:
        lead, subs = split_at_level(content, 3)
        anchor = self.anchor(heading.inline.text)
        if heading.inline.text.strip().casefold() == self.faq_heading:
            items = tuple(FaqItem(h.inline, tuple(blocks), self.anchor(h.inline.text), h.line)
                          for h, blocks in subs)
            return Faq(heading.inline, anchor, tuple(lead), items, heading.line)
        subsections = tuple(Section(3, h.inline, self.anchor(h.inline.text), tuple(blocks), (), h.line)
                            for h, blocks in subs)
        return Section(2, heading.inline, anchor, tuple(lead), subsections, heading.line)

    def anchor(self, text: str) -> str:
        base = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_") or "section"
        base = base if base[0].isalpha() else f"s-{base}"
        anchor, count = base, 1
        while anchor in self.anchors:
            count += 1
            anchor = f"{base}-{count}"
        self.anchors.add(anchor)
        return anchor


def split_at_level(blocks: list[Block], level: int) -> tuple[list[Block], list[tuple[Heading, list[Block]]]]:
    lead: list[Block] = []
    parts: list[tuple[Heading, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == level:
            parts.append((block, []))
        elif parts:
            parts[-1][1].append(block)
        else:
            lead.append(block)
    return lead, parts


def local_images(path: Path, article: Article) -> list[str]:
    """The image files an article names, its front matter's cover included (URLs are refused
    later, so they are not inputs)."""
    sources = [image.src for image in article.images] + [article.meta.cover]
    return [str(path.parent / unquote(src)) for src in sources if src and ":" not in src.split("/")[0]]


def overdue(meta, path: str, lines: dict[str, int]) -> list[Problem]:
    """A warning once the front matter's review_by date has passed: the handout may be out of date."""
    if meta.review_by is None or meta.review_by >= dt.date.today():
        return []
    return [warning(path, lines.get("review_by"), f"review_by {meta.review_by.isoformat()} has passed: check that "
                                                  "the handout is still current, then set the next review date")]
