"""The prose a client reads in an article, as sentences with their source lines and words, for
the reading grade (reading_grade.py).

Counted: the quick answer, body paragraphs and list items (in quotes and callouts too), the
FAQ's questions and answers, and the reflection prompts. Left out: headings (titles, not
sentences: without a full stop they would run into the next one), table cells (fragments
that have no sentence to end), code, figure captions, footnotes (mostly references), and
addresses and e-mail addresses wherever they are.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

from handout.model import Article, Block, Faq, Inline, ListBlock, Paragraph, Quote


class Sentence(NamedTuple):
    text: str  # as printed, on one line
    line: int  # where it starts in the source file
    words: tuple[str, ...]
    path: str = ""  # the article's file (a book's sentences come from several)


# An address, without the punctuation that ends its sentence.
ADDRESS = re.compile(r"(?:(?:https?://|www\.|mailto:)\S+?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?=[.,;:!?)\]]*(?:\s|$))", re.I)
TAG = re.compile(r"<[^>]*>")
# A word: letters (any script's), with apostrophes or hyphens inside (don't, well-known); or a number.
WORD = re.compile(r"[^\W\d_]+(?:['’‐-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
# Where a sentence may end: after . ! ? or … (and a closing quote or bracket), at a space.
END = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)\s+")
# Abbreviations that do not end a sentence although a capital may follow (Dr. Osei, z. B. Sie).
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "eg", "ie", "fig", "sr", "sra", "dra",
                 "bzw", "usw", "ca", "zb", "dh", "vgl", "ggf", "mme", "mlle", "ecc", "pag", "pp"}


def article_sentences(article: Article) -> list[Sentence]:
    """Every sentence the reading grade counts, in reading order."""
    units: list[tuple[str, int]] = []
    units += blocks_prose(article.quick_answer) + blocks_prose(article.intro)
    for part in article.body:
        if isinstance(part, Faq):
            units += blocks_prose(part.intro)
            for item in part.items:
                units += [inline_prose(item.question, item.line)] + blocks_prose(item.answer)
        else:
            units += blocks_prose(part.blocks)
            for sub in part.subsections:
                units += blocks_prose(sub.blocks)
    units += prompts_prose(article)
    return [sentence._replace(path=article.path) for text, line in units for sentence in split(text, line)]


def blocks_prose(blocks: tuple[Block, ...]) -> list[tuple[str, int]]:
    """(text, first line) of each paragraph and list item, inside quotes and lists too."""
    units = []
    for block in blocks:
        if isinstance(block, Paragraph):
            units.append(inline_prose(block.inline, block.line))
        elif isinstance(block, Quote):  # callouts too
            units += blocks_prose(block.blocks)
        elif isinstance(block, ListBlock):
            for entry in block.items:
                units += blocks_prose(entry)
    return units


def inline_prose(inline: Inline, line: int) -> tuple[str, int]:
    """Inline text with its soft line breaks kept (from the HTML), so a sentence finds its own line."""
    broken = html.unescape(TAG.sub("", inline.html))
    return (broken if broken.replace("\n", " ") == inline.text else inline.text), line


def prompts_prose(article: Article) -> list[tuple[str, int]]:
    """The reflection prompts, each at the front matter line that starts with its first words."""
    if not article.meta.reflection:
        return []
    try:
        lines = Path(article.path).read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        lines = []
    key_line = next((number for number, text in enumerate(lines, 1) if text.startswith("reflection:")), 1)
    units = []
    for prompt in article.meta.reflection:
        start = " ".join(WORD.findall(prompt.text)[:3])
        line = next((number for number, text in enumerate(lines[key_line:], key_line + 1)
                     if start and start in " ".join(WORD.findall(text))), key_line)
        units.append((prompt.text, line))
    return units


def split(text: str, line: int) -> list[Sentence]:
    """A paragraph's sentences, each with its line (the paragraph's, plus the soft breaks before it)."""
    # Addresses are blanked to spaces of their length: not words, yet printed in the sentence.
    counted = ADDRESS.sub(lambda match: " " * len(match.group()), text)
    sentences, start = [], 0
    for end in [match for match in END.finditer(counted) if ends_sentence(counted, match)] + [None]:
        stop = end.end(1) if end else len(text)
        words = tuple(WORD.findall(counted[start:stop]))
        if words:
            offset = start + len(text[start:stop]) - len(text[start:stop].lstrip())
            sentences.append(Sentence(" ".join(text[start:stop].split()), line + text.count("\n", 0, offset), words))
        start = end.end() if end else start
    return sentences


def ends_sentence(text: str, end: re.Match) -> bool:
    """A sentence ends here unless a lower-case word follows (e.g. the) or the full stop closes an
    abbreviation or an initial (Dr. Osei, z. B. Sie, J. Freyd)."""
    following = next((char for char in text[end.end():end.end() + 4] if char.isalnum()), "")
    if following.islower():
        return False
    before = text[:end.start()]
    if not before.endswith("."):
        return True
    last = re.search(r"(\S+)\.$", before)
    token = last.group(1).replace(".", "").lower() if last else ""
    return not (len(token) == 1 or token in ABBREVIATIONS)
