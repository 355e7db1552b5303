"""Did the fault happen? Each injection's verification, read from the outputs without the project's checks."""

from __future__ import annotations

from collections import Counter

from .epub_facts import epub_printed, epub_screen, xhtml_questions, xhtml_squashed
from .inject import Injection
from .model import TableInfo
from .pdf_facts import PdfText, count_pieces, gained, lost, pdf_text, reordered, split_records, stranded_at, unreadable
from .pdf_objects import clipped_words, split_rows
from .words import covered, squash

TALL_ROW = 0.5  # check_breaks.TALL_ROW: a row taller than this share of the page may split
MARGIN_OF_DOUBT = 0.05  # heights are measured from the words: rows this close to TALL_ROW do not count
INK = {"tiny": "under 5 pt", "light": "with no pixel darker than 200/255", "dark": "on a ground as dark as their ink"}


def verify_pdf(injection: Injection, tables: list[TableInfo], clean_pdf: str, fault_pdf: str) -> tuple[bool, str]:
    """Whether the fault happened in the PDF, and what shows it."""
    variant = injection.combination[1]
    spec = injection.pdf_verify
    clean, fault = pdf_text(clean_pdf, variant), pdf_text(fault_pdf, variant)
    what = spec[0]
    if what == "lost":
        return lost(spec[1], clean, fault, spec[2])
    if what == "gained":
        return gained(spec[1], clean, fault)
    if what == "clipped":
        count = covered(Counter(spec[1]), clipped_words(fault_pdf) - clipped_words(clean_pdf))
        return count >= 1, f"{count} of the target's words drawn outside their clip path"
    if what == "invisible":
        happened, said = made_unreadable(spec[1], spec[2], clean, fault, clean_pdf, fault_pdf)
        return happened, f"{said} printed {INK[spec[2]]}"
    if what == "stranded":
        return stranded_at(fault, spec[1], spec[2])
    if what == "reordered":
        return reordered(clean, fault, spec[1])
    if what == "split-row":
        return rows_split(injection, tables, clean_pdf, fault_pdf)
    if what == "split-record":
        return records_split(clean, fault, spec[1], spec[2])
    raise ValueError(f"unknown PDF verification {what!r}")


def made_unreadable(words: list[str], mode: str, clean: PdfText, fault: PdfText, clean_pdf: str,
                    fault_pdf: str) -> tuple[bool, str]:
    """Whether the fault made half the words or more unreadable, and how many of how many."""
    # Half is enough to call the text unreadable (most of a row, a paragraph but its link).
    wanted = Counter(words)
    count = unreadable(wanted, clean, fault, clean_pdf, fault_pdf, mode)
    return count >= 0.5 * sum(wanted.values()), f"{count} of the target's {sum(wanted.values())} words"


def rows_split(injection: Injection, tables: list[TableInfo], clean_pdf: str, fault_pdf: str) -> tuple[bool, str]:
    """Whether a table row not split in the clean build is on two pages, and is not tall enough to split."""
    before = {row.line for row in split_rows(clean_pdf, tables, injection.combination)}
    after = [row for row in split_rows(fault_pdf, tables, injection.combination) if row.line not in before]
    normal = [row for row in after if row.share <= TALL_ROW - MARGIN_OF_DOUBT]
    doubtful = [row for row in after if TALL_ROW - MARGIN_OF_DOUBT < row.share <= TALL_ROW + MARGIN_OF_DOUBT]
    tall = [row for row in after if row.share > TALL_ROW + MARGIN_OF_DOUBT]
    said = "; ".join(f"row at line {row.line} on pages {'-'.join(map(str, row.pages))} "
                     f"({row.share:.0%} of a page tall)" for row in after) or "no row is on two pages"
    if not normal and doubtful:
        said += " (about half a page tall: may count as a tall row, which may split)"
    if not normal and tall and not doubtful:
        said += " (taller than half a page: allowed to split)"
    return bool(normal), said


def records_split(clean: PdfText, fault: PdfText, sequences: list[list[str]], lines: list[int]) -> tuple[bool, str]:
    """Whether a field of a large-print record (its head and text) runs onto the next page, and
    is not tall enough to split (a record may part between its fields, never inside one)."""
    before = {line for line, _, _ in split_records(clean, sequences, lines)}
    after = split_records(fault, sequences, lines)
    normal = [found for found in after if found[2] <= TALL_ROW - MARGIN_OF_DOUBT]
    said = "; ".join(f"a field of the record of line {line} runs from page {page} onto {page + 1} "
                     f"({share:.0%} of a page tall)" for line, page, share in after) or "no field is on two pages"
    if after and not normal:
        said += " (about half a page tall or more: may split like a tall row)"
    if before:
        said += f" (already split in the clean build: lines {sorted(before)})"
    return bool(normal), said


def verify_epub(injection: Injection, clean_epub: str, fault_epub: str) -> tuple[bool, str]:
    """Whether the fault happened in the EPUB, and what shows it."""
    spec = injection.epub_verify
    what = spec[0]
    if what == "layout":
        return on_screen(spec, fault_epub)
    if what == "printed":
        return printed_screen(spec, clean_epub, fault_epub)
    if what in ("xhtml-lost", "xhtml-gained"):
        fewer, more, total = count_pieces(spec[1], xhtml_squashed(clean_epub), xhtml_squashed(fault_epub))
        if what == "xhtml-lost":
            return total > 0 and fewer >= 0.9 * total, f"{fewer} of the {total} characters gone from the XHTML"
        return total > 0 and more >= 0.9 * total, f"{more} of the {total} characters once more in the XHTML"
    if what == "xhtml-reordered":
        expected = [squash(question) for question in spec[1]]
        found = xhtml_questions(fault_epub)
        order = [found.index(question) + 1 for question in expected if question in found]
        return len(order) == len(expected) and order != sorted(order), f"questions in the XHTML at places {order}"
    raise ValueError(f"unknown EPUB verification {what!r}")


def on_screen(spec: tuple, fault_epub: str) -> tuple[bool, str]:
    """A 'layout' verification: the target's text on the faulty EPUB's 6-inch layout."""
    check, attribute, value, words = spec[1], spec[2], spec[3], spec[4]
    facts = epub_screen(fault_epub, attribute, value, spec[5] if len(spec) > 5 else "")
    wanted = Counter(words)
    total = sum(wanted.values())
    if check == "hidden":
        shown = covered(wanted, facts.visible)
        return total > 0 and shown <= 0.1 * total, f"{shown} of the target's {total} words shown on the 6-inch screen"
    if not facts.found:
        return False, "the target element has no box on the 6-inch screen"
    if check == "clipped":
        count = covered(wanted, facts.clipped)
        return count >= 1, f"{count} of the target's words outside a box that hides its overflow"
    if check == "pushed":
        count = covered(wanted, facts.off_screen)
        return count >= 0.5 * total, f"{count} of the target's {total} words past the screen's sides"
    if check == "pseudo":
        shown = all(squash(piece) in facts.pseudo for piece in words)  # generated text: no markers
        return shown, ("the repeated text is" if shown else "the repeated text is not") + \
            " shown by ::before/::after on the 6-inch screen"
    if check == "invisible":
        shown = sum(facts.visible.values())
        count = sum(facts.faint.values())
        # Half is enough: a link keeps the reader's link colour when the paragraph turns white.
        return shown > 0 and count >= 0.5 * shown, f"{count} of the target's {shown} shown words pale, faded or tiny"
    raise ValueError("unknown EPUB verification 'layout'")


def printed_screen(spec: tuple, clean_epub: str, fault_epub: str) -> tuple[bool, str]:
    """A 'printed' verification: the 6-inch layouts printed to PDF and read back."""
    (clean_pdf, clean), (fault_pdf, fault) = epub_printed(clean_epub), epub_printed(fault_epub)
    if spec[1] == "lost":
        fewer, _, total = count_pieces(spec[2], clean.squashed, fault.squashed)
        return total > 0 and fewer >= 0.5 * total, \
            f"{fewer} of the target's {total} characters no longer drawn on the 6-inch page (printed and read back)"
    happened, said = made_unreadable(spec[2], spec[1], clean, fault, clean_pdf, fault_pdf)
    return happened, f"{said} drawn {INK[spec[1]]} on the 6-inch page (printed)"
