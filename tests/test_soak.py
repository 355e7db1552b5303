"""The article generator (tests/corpus/generate.py) and the soak run (tests/soak.py).

Fast: the generator is deterministic, every article it writes is read without a problem,
and over 200 seeds every shape it promises occurs. Slow: a small soak slice builds `ok`.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import soak
from corpus.generate import GeneratedArticle, GeneratedBook, generate_article, generate_book, png_size, rail_lines

from handout.check.source import check_source
from handout.model import Heading, ListBlock, Paragraph, Quote, Table
from handout.read.article import read_article
from handout.read.book import read_book

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "tests" / "corpus" / "generate.py"
SEEDS = range(200)
BOOK_SEEDS = range(60)


def digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def blocks_in(blocks):
    """Every block, depth first, with the list/quote nesting depth it sits at."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for entry in block.items:
                yield from blocks_in(entry)
        elif isinstance(block, Quote):
            yield from blocks_in(block.blocks)


def list_depth(block) -> int:
    if not isinstance(block, ListBlock):
        return 0
    return 1 + max((list_depth(inner) for entry in block.items for inner in entry), default=0)


def all_block_lists(article):
    """(where, blocks) for the intro, each section lead, subsection and FAQ answer."""
    yield "intro", article.intro
    for part in article.body:
        if hasattr(part, "items"):
            yield "faq-intro", part.intro
            for entry in part.items:
                yield "answer", entry.answer
        else:
            yield "section", part.blocks
            for sub in part.subsections:
                yield "subsection", sub.blocks


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """200 generated articles, written and read back: [(seed, GeneratedArticle, Article, problems)]."""
    folder = tmp_path_factory.mktemp("corpus")
    read = []
    for seed in SEEDS:
        generated = generate_article(seed)
        path = generated.write(folder / f"s{seed}")
        article, warnings = read_article(path)
        read.append((seed, generated, article, warnings + check_source(article)))
    return read


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """60 generated books, written and read back: [(seed, GeneratedBook, Book, [(Article, problems)])]."""
    folder = tmp_path_factory.mktemp("books")
    read = []
    for seed in BOOK_SEEDS:
        generated = generate_book(seed)
        book = read_book(generated.write(folder / f"b{seed}"))
        articles = []
        for path in book.articles:
            article, warnings = read_article(path)
            articles.append((article, warnings + check_source(article)))
        read.append((seed, generated, book, articles))
    return read


# ---- determinism --------------------------------------------------------------------------


def test_same_seed_same_bytes():
    for seed in (0, 7, 123456, -3):
        first, second = generate_article(seed), generate_article(seed)
        assert isinstance(first, GeneratedArticle)
        assert first == second
        assert first.markdown.encode() == second.markdown.encode() and first.files == second.files
    assert generate_book(5) == generate_book(5) and isinstance(generate_book(5), GeneratedBook)
    assert generate_article(1).markdown != generate_article(2).markdown


@pytest.mark.parametrize("book", [False, True])
def test_same_bytes_across_processes(tmp_path, book):
    """Nothing depends on string hashing (PYTHONHASHSEED) or on the process: the files are identical."""
    digests = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        command = [sys.executable, str(GENERATE), "--seed", "31", "--out", str(out)] + (["--book"] if book else [])
        subprocess.run(command, check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED=hash_seed))
        digests.append(digest(out))
    assert digests[0] == digests[1] and digests[0]


def test_write_returns_the_files(tmp_path):
    generated = generate_article(4)
    path = generated.write(tmp_path)
    assert path == tmp_path / f"{generated.slug}.md"
    assert path.read_text(encoding="utf-8") == generated.markdown
    for name, data in generated.files.items():
        assert (tmp_path / name).read_bytes() == data
    book = generate_book(4)
    book_path = book.write(tmp_path / "book")
    assert book_path == tmp_path / "book" / f"{book.slug}.yaml"
    assert len({name for article in book.articles for name in article.files}) == \
        sum(len(article.files) for article in book.articles)  # no image names collide


# ---- every article and book is valid content ----------------------------------------------


def test_every_article_reads_without_a_problem(corpus):
    troubled = {seed: [problem.format() for problem in problems] for seed, _, _, problems in corpus if problems}
    assert not troubled


def test_every_book_reads_without_a_problem(books):
    troubled = {seed: [problem.format() for article, problems in articles for problem in problems]
                for seed, _, _, articles in books if any(problems for _, problems in articles)}
    assert not troubled


def test_every_faq_question_is_unique_and_answered(corpus):
    for seed, _, article, _ in corpus:
        if article.faq:
            questions = [entry.question.text.casefold() for entry in article.faq.items]
            assert len(questions) == len(set(questions)), seed
            assert all(entry.answer for entry in article.faq.items), seed


def test_every_table_row_has_its_headers_cell_count(corpus):
    for seed, generated, _, _ in corpus:
        lines = generated.markdown.split("\n")
        for index, line in enumerate(lines):
            if re.fullmatch(r"\| :?-{3}:?( \| :?-{3}:?)* \|", line):
                header = lines[index - 1].count(" | ") + 1
                row = index + 1
                while row < len(lines) and lines[row].startswith("|"):
                    assert len(re.split(r"(?<!\\)\|", lines[row])) - 2 == header, (seed, lines[row])
                    row += 1


def test_only_covered_scripts(corpus):
    """Every character the generator writes, in every script it writes, is one the shipped fonts draw."""
    from handout.check.glyphs import without_glyph
    written = {char for _, generated, _, _ in corpus for char in generated.markdown
               if char.isprintable() and not char.isspace()}
    assert without_glyph(written) == set()


# ---- variety: every promised shape occurs over 200 seeds -----------------------------------


def test_variety_of_articles(corpus):
    seen: Counter = Counter()
    columns, row_counts, rail = set(), set(), {"subsection": set(), "question": set()}
    ratios, faq_sizes, section_counts, intro_counts, pages_of_text = set(), set(), set(), set(), []
    for seed, generated, article, _ in corpus:
        meta, markdown = article.meta, generated.markdown
        seen[f"language {meta.language}"] += 1
        seen["subtitle"] += bool(meta.subtitle)
        seen["author"] += bool(meta.author)
        seen["date"] += meta.date is not None
        seen["description"] += bool(meta.description)
        seen["keywords"] += bool(meta.keywords)
        seen["reflection"] += bool(meta.reflection)
        seen[f"reflection {len(meta.reflection)}"] += 1
        seen["title with a colon"] += ":" in meta.title
        seen["title with quotes"] += bool(re.search("[\"“']", meta.title))
        seen["title with an ampersand"] += "&" in meta.title
        seen["long title"] += len(meta.title) > 80
        sentences = len(re.findall(r"[.!?](?:\s|$)", " ".join(b.inline.text for b in article.quick_answer)))
        own_bank = meta.language in ("en", "es", "de")  # the others come from a fixture, sentences as written
        seen["no quick answer" if not article.quick_answer else "quick answer from a fixture" if not own_bank else
             "short quick answer" if sentences == 1 else "long quick answer" if 5 <= sentences <= 8 else
             "other quick answer"] += 1
        intro_counts.add(len(article.intro))
        section_counts.add(len(article.sections))
        seen["FAQ"] += article.faq is not None
        if article.faq:
            faq_sizes.add(len(article.faq.items))
            for entry in article.faq.items:
                rail["question"].add(rail_lines(entry.question.text))
        for section in article.sections:
            for sub in section.subsections:
                rail["subsection"].add(rail_lines(sub.title.text))
            for part in (section,) + section.subsections:
                first = part.blocks[0] if part.blocks else None
                if isinstance(first, Table):
                    seen["table right after a heading"] += 1
                if isinstance(first, Paragraph) and "<img" in first.inline.html:
                    seen["image right after a heading"] += 1
                if isinstance(first, Paragraph) and first.inline.text and len(first.inline.text) < 40:
                    seen["one-line paragraph right after a heading"] += 1
        for where, blocks in all_block_lists(article):
            for block in blocks_in(blocks):
                if isinstance(block, Table):
                    columns.add(len(block.header.cells))
                    row_counts.add(len(block.rows))
                    seen["table caption"] += block.caption is not None
                    seen["aligned column"] += any(cell.align in ("center", "right") for cell in block.header.cells)
                    seen["empty cell"] += any(not cell.inline.text for row in block.rows for cell in row.cells)
                    seen["long cell"] += any(len(cell.inline.text) > 120 for row in block.rows for cell in row.cells)
                    seen["long header cell"] += any(len(cell.inline.text) > 25 for cell in block.header.cells)
                    seen["table in an FAQ answer"] += where == "answer"
                elif isinstance(block, ListBlock):
                    seen["ordered list" if block.ordered else "bullet list"] += 1
                    depth = list_depth(block)
                    seen[f"list nested {depth} levels"] += 1
                    if where == "answer":
                        seen["list in an FAQ answer"] += 1
                        seen["nested list in an FAQ answer"] += depth >= 2
                elif isinstance(block, Quote):
                    seen["blockquote"] += 1
                elif isinstance(block, Heading):
                    seen[f"minor heading {block.level}"] += 1
                elif isinstance(block, Paragraph):
                    if "<img" in block.inline.html and not block.inline.text:
                        seen["paragraph with only an image"] += 1
                    if "<a href" in block.inline.html:
                        seen["link"] += 1
                    for url in re.findall(r"https://\S+", block.inline.text):
                        seen["bare URL"] += 1
                        seen["long URL"] += 80 <= len(url) <= 300
                    seen["bold"] += "<strong>" in block.inline.html
                    seen["italic"] += "<em>" in block.inline.html
                    seen["code"] += "<code>" in block.inline.html
                    count = len(re.findall(r"[.!?](?:\s|$)", block.inline.text))
                    seen[f"paragraph of {min(count, 10)} sentences"] += 1
        for name, data in generated.files.items():
            width, height = png_size(data)
            ratios.add(round(width / height, 2))
            assert 300 <= max(width, height) <= 900, (seed, name, width, height)
            assert data[25] == 0, (seed, name)  # greyscale
            assert len(set(data[40:400])) > 1 or len(data) > 400  # not blank: some shapes drawn
        seen["caption directly above"] += bool(re.search(r"^Table: .*\n\|", markdown, re.M))
        seen["caption with a blank line"] += bool(re.search(r"^Table: .*\n\n\|", markdown, re.M))
        pages_of_text.append(len(markdown))

    assert columns >= {1, 2, 3, 4, 5, 6}
    assert {1, 2, 3} <= row_counts and max(row_counts) >= 40 and 60 in row_counts
    assert rail["subsection"] >= {1, 2, 3, 4, 5}, rail
    assert rail["question"] >= {1, 2, 3, 4, 5}, rail
    assert {3.0, 1.33, 1.0, 0.5, 0.33} <= ratios, ratios  # wide 3:1, 4:3, square, tall 1:2 and 1:3
    assert {1, 12} <= faq_sizes and {1, 6} <= section_counts and {0, 3} <= intro_counts
    for shape in ("language en", "language es", "language de", "subtitle", "author", "date", "description",
                  "keywords", "reflection", "reflection 4", "title with a colon", "title with quotes",
                  "title with an ampersand", "long title", "no quick answer", "short quick answer",
                  "long quick answer", "table right after a heading", "image right after a heading",
                  "one-line paragraph right after a heading", "table caption", "aligned column", "empty cell",
                  "long cell", "long header cell", "table in an FAQ answer", "ordered list", "bullet list",
                  "list nested 2 levels", "list nested 3 levels", "list in an FAQ answer",
                  "nested list in an FAQ answer", "blockquote", "minor heading 4", "paragraph with only an image",
                  "link", "bare URL", "long URL", "bold", "italic", "code", "paragraph of 1 sentences",
                  "paragraph of 10 sentences", "caption directly above", "caption with a blank line"):
        assert seen[shape], f"never generated: {shape}"
    assert seen["other quick answer"] == 0
    assert seen["FAQ"] > len(SEEDS) * 0.6  # most articles have one
    assert seen["language en"] > len(SEEDS) * 0.6  # mostly English
    # ...and every script: the language fixtures' text, recombined (tests/corpus/fixture_banks.py)
    assert len({shape for shape in seen if shape.startswith("language ")} - {"language en", "language es",
                                                                               "language de"}) >= 10, seen
    # Realistic sizes: most articles are a few pages (about 3,500 characters a printed page).
    sizes = sorted(pages_of_text)
    assert 2_000 < sizes[len(sizes) // 2] < 20_000 and sizes[-1] < 120_000


def test_variety_of_books(books):
    sizes, only_required, with_optional = set(), 0, 0
    for seed, generated, book, articles in books:
        sizes.add(len(book.articles))
        keys = {line.split(":")[0] for line in generated.yaml.splitlines() if re.match(r"\w+:", line)}
        assert {"title", "articles"} <= keys
        only_required += keys == {"title", "articles"}
        with_optional += bool(keys & {"subtitle", "author", "language"})
    assert sizes == {1, 2, 3, 4, 5, 6}
    assert only_required and with_optional


def test_rail_line_estimate():
    assert rail_lines("Breathing") == 1
    assert rail_lines("Why do attacks come out of nowhere?") == 2
    assert rail_lines("x " * 40) == 4  # 40 one-letter words, 10 a line


# ---- the soak run ----------------------------------------------------------------------------


def test_soak_deals_items_over_every_combination(tmp_path):
    items = soak.write_corpus(tmp_path, 9, 5, 50)
    counts = Counter((item.kind, item.combination) for item in items)
    assert {count for (kind, _), count in counts.items() if kind == "article"} <= {2, 3}
    assert {combination for kind, combination in counts if kind == "book"} == set(soak.COMBINATIONS)
    assert all(source.is_file() for item in items for source in item.sources)


def test_soak_prints_every_combination_with_and_without_a_practices_branding(tmp_path):
    items = soak.write_corpus(tmp_path, 16, 3, 50)
    branded = {(item.combination, (item.path.parent / "handout.yaml").is_file())
               for item in items if item.kind == "article"}
    assert branded == {(combination, flag) for combination in soak.COMBINATIONS for flag in (True, False)}
    assert [(item.path.parent / "handout.yaml").is_file() for item in items if item.kind == "book"] == [False, False, True]


@pytest.mark.slow
def test_soak_slice_builds_ok(capsys):
    """16 articles and 3 books over A4/Letter x standard/large-print: all ok, exit 0."""
    code = soak.main(["--articles", "16", "--books", "3", "--seed", "1", "--jobs", "2"])
    output = capsys.readouterr().out
    assert code == 0, output
    assert "16 of 16 articles and 3 of 3 books ok" in output


@pytest.mark.slow
def test_the_tag_order_check_finds_a_reordered_faq(tmp_path):
    """The soak's reading of the structure tree fails on an FAQ printed in reverse (built unchecked)."""
    seed = next(seed for seed in SEEDS if "## Frequently Asked Questions" in generate_article(seed).markdown
                and generate_article(seed).markdown.count("\n### ") >= 3)
    path = generate_article(seed).write(tmp_path / "src")
    item = soak.Item("article", seed, ("A4", "standard"), path, [path])
    subprocess.run([sys.executable, str(ROOT / "build.py"), str(path), "-o", str(tmp_path / "out"), "--no-check",
                    "--css", str(ROOT / "tests" / "faults" / "reversed-faq.css")], check=True, capture_output=True)
    problems = soak.tag_order_problems(item, tmp_path / "out" / f"{path.stem}.pdf", "standard")
    assert problems and all(": tags: " in problem and "in the structure tree" in problem for problem in problems)
    assert any("FAQ" in problem and "out of order" in problem for problem in problems)
