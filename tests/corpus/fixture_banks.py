"""Word banks in every language the builder promises, taken from the hand-written language
fixtures (tests/fixtures/languages/*.md): their sentences, headings, questions, list items and
table cells, which the generator recombines into articles of every shape. Real text in each
script (Arabic, Hebrew, CJK, Devanagari, Bengali, Thai...), never invented by the generator."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from handout.labels import labels_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "languages"
# Where a sentence ends, in the scripts of the fixtures (Thai sets a space between phrases and
# sentences alike: each phrase counts as one).
SENTENCE_END = re.compile(r"(?<=[.!?。！？।۔؟])\s+|(?<=[。！？])")
QUESTION_MARKS = "?？؟"


def sentences_of(text: str, language: str) -> list[str]:
    parts = text.split(" ") if language == "th" else SENTENCE_END.split(text)
    return [part.strip() for part in parts if len(part.strip()) > 3]


LANGUAGES = tuple(sorted(path.stem for path in FIXTURES.glob("*.md") if path.stem not in ("es", "de")))


@lru_cache(maxsize=None)
def fixture_bank(language: str) -> dict:
    """The fields of a Bank (tests/corpus/generate.py) made of the `language` fixture's own text."""
    text = (FIXTURES / f"{language}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    faq = meta.get("faq_heading") or labels_for(language)["faq_heading"]
    lines = [line.strip() for line in body.split("\n")]
    sections = [line[3:] for line in lines if line.startswith("## ") and line[3:] != faq]
    in_faq, questions, subsections, items, cells, headers, paragraphs = False, [], [], [], [], [], []
    for number, line in enumerate(lines):
        if line.startswith("## "):
            in_faq = line[3:] == faq
        elif line.startswith("### "):
            (questions if in_faq else subsections).append(line[4:].rstrip(QUESTION_MARKS).strip())
        elif re.match(r"([-*]|\d+\.) ", line):
            items.append(re.sub(r"^([-*]|\d+\.) ", "", line))
        elif line.startswith("|"):
            row = [cell.strip() for cell in line.strip("|").split("|")]
            if not all(set(cell) <= set(":- ") for cell in row):
                is_header = not lines[number - 1].startswith("|")
                (headers if is_header else cells).extend(cell for cell in row if cell)
        elif line:
            paragraphs.append(line)
    said = sentences_of(" ".join(paragraphs + [meta.get("quick_answer", "")]), language)
    mark = next((line.rstrip()[-1] for line in lines if line.startswith("### ") and line.rstrip()[-1] in
                 QUESTION_MARKS), "?")
    keywords = meta.get("keywords") or [meta["title"]]
    keywords = [word.strip() for word in (keywords.split(",") if isinstance(keywords, str) else keywords)]
    return dict(
        language=language, faq_heading=faq, titles=(meta["title"], *sections),
        subtitles=(meta.get("description", meta["title"]),),
        sentences=tuple(said), short_lines=tuple(items), sections=tuple(sections + subsections),
        subsections=tuple(subsections + sections), title_tails=("",), questions=tuple(questions),
        question_tails=("",), short_cells=tuple(cell for cell in cells if len(cell) <= 24) or tuple(cells),
        medium_cells=tuple(cells), headers=tuple(headers), long_headers=tuple(headers),
        reflection=tuple(meta.get("reflection") or [question + mark for question in questions]),
        alts=tuple(items), keywords=tuple(keywords), quotes=tuple(said[:4]), question_mark=mark)
