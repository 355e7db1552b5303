"""Words printed whole: what a reader sees torn apart, found in the glyphs drawn, not the text.

The text layer carries the characters written (ActualText, write/actual_text.py), so a word
printed in pieces reads back whole there; these checks look at the layout's glyphs instead,
in the PDF and in the EPUB's 6-inch layout (issue 23):
- dotted-circle: HarfBuzz draws a dotted circle (U+25CC) under a vowel sign or mark that has
  no letter to sit on (Thai ท◌ี, Hindi स◌ा). One drawn where the source has none is a fault.
- torn-word: two pieces of text the engine shaped apart (a line break, a <wbr/>, formatting)
  that meet inside a grapheme cluster, or inside a word whose letters shape differently whole
  than in pieces (an Arabic word unjoined, a Devanagari conjunct broken). A word of a script
  whose letters are drawn alone (Latin, Greek, Cyrillic, CJK) is never torn by a break.
- line-start: a line that begins with a CJK mark no line may start with (UAX #14: "。", "、",
  "」", "！"...), as Japanese and Chinese kinsoku forbid.
"""

from __future__ import annotations

import unicodedata

import regex

from handout.check.boxes import LayoutFinding, Placed, walk_boxes
from handout.check.drawn_glyphs import DOTTED_CIRCLE, Fonts, held_fonts
from handout.check.items import short
from handout.write.engine import boxes as B

# Text whose glyphs may differ from its letters: scripts that join, combine or reorder, and
# any combining mark (Latin, Greek, Cyrillic and CJK letters are drawn one glyph each).
SHAPED = regex.compile(r"[^\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}"
                       r"\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\s]|\p{M}")
WORD_END = regex.compile(r"(?:\X(?<=[\p{L}\p{M}\u200c\u200d]))+$")
WORD_START = regex.compile(r"^(?:(?=[\p{L}\p{M}\u200c\u200d])\X)+")
INVISIBLE = regex.compile(r"^[\u200b\u2060\u00ad\ufeff]*$")  # a box of these (a <wbr/>) draws nothing
NO_LINE_START = regex.compile(r"^[\p{lb=CL}\p{lb=CP}\p{lb=EX}\p{lb=IS}\p{lb=NS}]")
CONTEXT = 12  # grapheme clusters of a word on each side of a break that are shaped again


def shaping_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """Dotted circles, torn words and forbidden line starts among the laid-out boxes."""
    texts = [item for item in placed if isinstance(item.box, B.TextBox) and item.box.text]
    findings = line_start_findings(placed)
    if not any(SHAPED.search(item.box.text) for item in texts):
        return findings
    with held_fonts() as fonts:
        findings = dotted_circle_findings(texts, fonts) + torn_word_findings(texts, fonts) + findings
    return list(dict.fromkeys(findings))  # a word torn the same way twice on a line is one finding


def dotted_circle_findings(texts: list[Placed], fonts: Fonts) -> list[LayoutFinding]:
    """A dotted circle drawn in a box whose text holds fewer of them."""
    findings = []
    for item in texts:
        box = item.box
        if not SHAPED.search(box.text):
            continue
        drawn = sum(run.glyphs.count(fonts.dotted_circle(run.font)) for run in fonts.runs(box))
        if drawn > box.text.count(chr(DOTTED_CIRCLE)):
            findings.append(LayoutFinding(
                "dotted-circle", item.page, item.line,
                f"'{shortened(box.text)}' is printed with a dotted circle (◌) on page {item.page}: "
                "a vowel sign or mark stands apart from its letter"))
    return findings


def torn_word_findings(texts: list[Placed], fonts: Fonts) -> list[LayoutFinding]:
    """Each place where a block's text is cut between two boxes inside a word that the cut changes."""
    findings = []
    for before, after in joins(texts):
        tail = WORD_END.search(before.box.text)
        head = WORD_START.search(after.box.text)
        if tail and head and torn(tail[0], head[0], before.box, after.box, fonts):
            left, right = last_clusters(tail[0]), first_clusters(head[0])
            findings.append(LayoutFinding(
                "torn-word", after.page, after.line,
                f"the word '{left}{right}' is printed in two pieces on page {after.page} ('{left}' | '{right}'): "
                "a line break, break opportunity or formatting inside it changes how its letters are drawn"))
    return findings


def joins(texts: list[Placed]):
    """Pairs of a block's consecutive text boxes with nothing between them in the source: a line
    break at a space drops the space from the line's end, so each box is found in its block's
    source text, in order. Boxes of text the source does not hold (generated labels, a hyphen
    added at a break, capitals) are passed over, and the pairs around them with them."""
    by_block: dict[int, list[Placed]] = {}
    for item in texts:
        if not INVISIBLE.match(item.box.text):  # a break opportunity's own box: its two sides meet across it
            by_block.setdefault(id(item.block), []).append(item)
    for items in by_block.values():
        block = items[0].block
        source = "".join(block.itertext()) if block is not None else ""
        cursor, previous = 0, None
        for item in items:
            start = source.find(item.box.text, cursor)
            if start < 0:
                previous = None
                continue
            if previous is not None and start == cursor:
                yield previous, item
            cursor, previous = start + len(item.box.text), item


def torn(tail: str, head: str, before, after, fonts: Fonts) -> bool:
    """Whether cutting between `tail` and `head` changes what is drawn."""
    tail, head = last_clusters(tail), first_clusters(head)
    if len(regex.findall(r"\X", tail + head)) < len(regex.findall(r"\X", tail)) + len(regex.findall(r"\X", head)):
        return True  # the cut falls inside a grapheme cluster
    if not (SHAPED.search(tail[-1]) or SHAPED.search(head[0])):
        return False
    left, right = fonts.run_at(before, len(before.text) - 1), fonts.run_at(after, 0)
    if left is None or right is None or left.font != right.font:
        return False  # two fonts: the pieces could not have been shaped as one
    font, language = left.font, before.style["lang"] or ""
    # As sorted glyph ids: HarfBuzz lists a right-to-left piece's glyphs in drawn order, the
    # second piece's first; what the cut changes is which glyphs are drawn.
    whole = sorted(fonts.shaped(font, tail + head, language))
    return whole != sorted(fonts.shaped(font, tail, language) + fonts.shaped(font, head, language))


def last_clusters(text: str) -> str:
    return "".join(regex.findall(r"\X", text)[-CONTEXT:])


def first_clusters(text: str) -> str:
    return "".join(regex.findall(r"\X", text)[:CONTEXT])


def line_start_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """A line (not a block's first) that begins with a character UAX #14 keeps off a line's start."""
    findings = []
    seen: set[int] = set()
    for item in placed:
        if not isinstance(item.box, B.LineBox):
            continue
        first_of_block = id(item.block) not in seen
        seen.add(id(item.block))
        text = "".join(box.text for box in walk_boxes(item.box) if isinstance(box, B.TextBox))
        if not first_of_block and stranded(text):
            findings.append(LayoutFinding(
                "line-start", item.page, item.line,
                f"a line on page {item.page} begins with '{text[0]}' ('{shortened(text)}'): "
                "closing punctuation belongs at the end of the line before"))
    return findings


def stranded(text: str) -> bool:
    """Whether a line starts with a CJK mark that belongs to the line before (。、」！), which
    kinsoku keeps off a line's start. (A Latin "," or "?" starts a line only where a squeezed
    table cell breaks anywhere, which the overflow rules accept: not checked.)"""
    return bool(NO_LINE_START.match(text)) and unicodedata.east_asian_width(text[0]) in "WF"


def shortened(text: str) -> str:
    return short(" ".join(text.split()), 40)
