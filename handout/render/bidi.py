"""Left-to-right runs set apart from the text around them (<bdi dir="ltr">), so that inside
right-to-left text the bidirectional algorithm keeps their parts in order.

In an Arabic or Hebrew sentence, "+972-3-555-1234" prints as "972-3-555-1234+" (the "+" is
weak and takes the sentence's direction), a URL wrapped over two lines prints its slashes at
the other end, "0800 123 456" prints its groups backwards, and a Latin phrase in brackets
loses its brackets to the sentence (issue 23). Isolated, each reads as written, in the PDF and
in every EPUB reader that knows HTML5's <bdi> (others show it as before).

Isolated in any text (a no-op where the text around runs left to right): web and e-mail
addresses, phone numbers and numbers with a sign or in groups. Isolated in text that holds
right-to-left letters: runs of Latin words (with digits, and brackets around them)."""

from __future__ import annotations

import regex

from handout.languages import has_right_to_left

TAG = regex.compile(r"(<[^>]*>)")
# An address in escaped HTML: "&amp;" may be part of it, any other entity ends it ("&quot;", "&gt;").
URL = r"(?:https?://|www\.)(?:[^\s<>\"&]|&amp;)*(?:[^\s<>\"&.,;:!?()\[\]{}'’”»]|&amp;)"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A phone number or a number with a sign: "+972-3-555-1234", "+44 20 7946 0958", "0800 123 456",
# "−5": a sign and a number, or groups of digits joined by spaces, hyphens, dots or slashes.
NUMBER = (r"(?:[+\u2212](?=\d)|(?<![\w.,])-(?=\d))?\d+(?:[ \u00a0\u2011.\-/]\d+)+|[+\u2212]\d[\d.,]*"
          r"|(?<![\w.,])-\d[\d.,]*")
ADDRESS = regex.compile(rf"(?<![\w/@.-])(?:{URL}|{EMAIL}|{NUMBER})(?![\w@])")
# A Latin word: inner "." "-" "'" kept ("e-mail", "U.S"), never an entity's name ("&amp;").
LATIN_WORD = r"(?<![&#\w])\p{Script=Latin}(?:[\p{Script=Latin}\p{N}]|['’.\-](?=[\p{Script=Latin}\p{N}]))*+(?!;)"
SEPARATOR = r"(?:[ \u00a0,:/-]|&amp;|\.(?=[ \u00a0]))+"  # between the words of a run: "Dr. Amara Osei", "A & B"
LATIN_RUN = regex.compile(rf"\({LATIN_WORD}(?:{SEPARATOR}(?:{LATIN_WORD}|\d[\d.,]*))*\)"
                          rf"|{LATIN_WORD}(?:{SEPARATOR}(?:{LATIN_WORD}|\d[\d.,]*))*")
OPEN, CLOSE = '<bdi dir="ltr">', "</bdi>"
# An isolate without a break opportunity inside, as Unicode's isolate controls (LRI ... PDI).
WHOLE_ISOLATE = regex.compile(r'<bdi dir="ltr">([^<]*)</bdi>')


def isolated(html: str) -> str:
    """Escaped HTML with its left-to-right runs isolated (tags and their attributes untouched)."""
    right_to_left = has_right_to_left(html)
    pieces = TAG.split(html)
    for index in range(0, len(pieces), 2):  # the text between the tags
        pieces[index] = isolate_text(pieces[index], right_to_left)
    return "".join(pieces)


def isolate_text(text: str, right_to_left: bool) -> str:
    """One run of escaped text with its addresses (and, in right-to-left text, Latin runs) isolated."""
    if not text or not (right_to_left or regex.search(r"\d|://|www\.|@", text)):
        return text
    spans = [match.span() for match in ADDRESS.finditer(text)]
    if right_to_left:
        spans += [match.span() for match in LATIN_RUN.finditer(text)
                  if not any(start < match.end() and match.start() < end for start, end in spans)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + OPEN + text[start:end] + CLOSE + text[end:]
    return text


def as_controls(html: str) -> str:
    """The isolates that hold no tag (no break opportunity) as LRI ... PDI, for WeasyPrint:
    it lays a <bdi> out as a box of its own, and sets the text box after it, which starts with a
    space, up to 1 mm wider than its line (found by the soak, right to left). In one text box,
    Pango isolates the run itself. The EPUB keeps <bdi>, which every reader lays out right."""
    return WHOLE_ISOLATE.sub("\u2066\\1\u2069", html)
