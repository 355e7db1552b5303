"""Inline Markdown: the parser and its settings (footnotes, smart punctuation in the
language's quotation marks), and the plain text of inline tokens, as read and as printed
(a link's address after its text)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from handout.languages import table_key

# Quotation marks by language: double open, double close, single open, single close, in logical
# order (the order they are typed in). French sets its guillemets off with a narrow no-break
# space. Right to left, «» and ‹› mirror by themselves; “” do not, so Urdu opens with ” (CLDR),
# and Hebrew sets the same mark at both ends, as its print does.
QUOTES = {
    "en": "“”‘’", "nl": "“”‘’", "tr": "“”‘’", "vi": "“”‘’",
    "de": "„“‚‘", "pl": "„”‚’", "cs": "„“‚‘", "uk": "«»„“", "ru": "«»„“",
    "fr": ["«\u202f", "\u202f»", "‹\u202f", "\u202f›"], "es": "«»“”", "it": "«»“”", "pt": "«»“”",
    "sv": "””’’", "da": "»«›‹", "no": "«»‘’", "fi": "””’’",
    "ar": "«»‹›", "fa": "«»‹›", "ur": "”“’‘", "he": "””’’",
    "zh-hans": "“”‘’", "zh-hant": "「」『』", "ja": "「」『』", "ko": "“”‘’", "hi": "“”‘’", "bn": "“”‘’", "th": "“”‘’",
}
# In a plain front matter value (a title), what Markdown would read as markup stays text.
MARKUP_CHARACTERS = re.compile(r"([\\`*_\[\]<>&~|!#])")


def markdown_parser(language: str = "en", smart: bool = True) -> MarkdownIt:
    # Raw HTML off: it is shown as text, never passed through. xhtmlOut gives markup that
    # is valid both in the print HTML and in the EPUB's XHTML. Smart punctuation: the
    # language's quotation marks, en and em dashes from -- and ---, an ellipsis from ...
    parser = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True, "typographer": smart})
    parser.enable(["table", "strikethrough"] + (["replacements", "smartquotes"] if smart else []))
    parser.options["maxNesting"] = 40
    parser.options["quotes"] = QUOTES[table_key(language, QUOTES) or "en"]
    parser.use(footnote_plugin)
    parser.add_render_rule("footnote_ref", render_note_call)
    return parser


def render_note_call(self, tokens, index, options, env) -> str:
    """A footnote's call: a link to the note (an EPUB pop-up note; on paper, the note itself
    takes its place: render/html.py in_print)."""
    meta = tokens[index].meta
    number, again = meta["id"] + 1, meta.get("subId", 0)
    anchor = f"fnref-{number}" + (f"-{again + 1}" if again else "")
    return (f'<a epub:type="noteref" role="doc-noteref" class="footnote-ref" href="#fn-{number}" '
            f'id="{anchor}">{number}</a>')


def smart_text(text: str, language: str) -> str:
    """A plain value (a title, a prompt) with the smart punctuation the body gets."""
    if not text:
        return text
    tokens = markdown_parser(language).parseInline(MARKUP_CHARACTERS.sub(r"\\\1", text))
    return plain_text(tokens[0].children or []) if tokens else text




def walk(tokens: list[Token]):
    for token in tokens:
        yield token
        yield from walk(token.children or [])


def plain_text(children: list[Token], printed: bool = False) -> str:
    """The text a reader reads; `printed`: on paper, where a link's address follows its text."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            continue  # alt text is not part of the reading text
        elif child.children:
            parts.append(plain_text(child.children, printed))
        elif child.type == "footnote_ref":
            parts.append(str(child.meta["id"] + 1))  # the call's number, as both outputs show it
        elif printed and child.type == "link_close" and child.meta.get("printed"):
            parts.append(f" ({child.meta['printed']})")  # as print.css shows it after the link
    return "".join(parts)


def mark_printed_links(children: list[Token]) -> None:
    """Give each link whose text is not its address the address as printed (`data-print`, shown
    after the link on paper by print.css): a reader holding the printout cannot click."""
    opened = None
    for child in children:
        if child.type == "link_open":
            opened, words = child, []
        elif child.type == "link_close" and opened is not None:
            address = printed_address(str(opened.attrs.get("href", "")))
            text = "".join(words).strip()
            if address and not shows_address(text, str(opened.attrs.get("href", "")), address):
                opened.attrSet("data-print", address)
                child.meta = {**(child.meta or {}), "printed": address}
            opened = None
        elif opened is not None:
            words.append(plain_text([child]))


def shows_address(text: str, href: str, address: str) -> bool:
    """Whether a link's text already shows its address, which printing it again would repeat
    ("Samaritans (116123)" on 116 123): the address itself, or a phone number's digits however
    they are grouped."""
    if text == href or address.lower() in text.lower():
        return True
    digits = re.sub(r"\D", "", address)
    return href.lower().startswith("tel:") and len(digits) >= 3 and digits in re.sub(r"\D", "", text)


def printed_address(href: str) -> str:
    """A link's address as a printout shows it: without `https://`, `mailto:` or `tel:`; nothing
    for a link inside the article (#section) or the book (other.md#section: read/links.py)."""
    if not href or href.startswith("#") or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href):
        return ""
    return re.sub(r"^(?:https?://|mailto:|tel:)", "", href, flags=re.IGNORECASE).rstrip("/")


