"""Every left-to-right line of the PDF carries an /ActualText (handout/write/actual_text.py), so
pdfium reads Hindi, Bengali and Thai back as written; nothing else changes: pixels, Latin text,
right-to-left lines, the PDF/UA structure tree."""

from __future__ import annotations

import re
from io import BytesIO

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from structure_tree import structure_leaves

from handout.write import actual_text
from handout.write.engine import weasyprint
from handout.write.pdf import write_pdf

HINDI = """शिक्षा सबसे बड़ा धन है। | मित्र की सहायता करो। | प्रकृति हमारी माता है। | क्षमा वीरों का आभूषण है।
| राष्ट्रपति ने भाषण दिया। | विद्यार्थी पुस्तकालय में पढ़ते हैं। | कृपया दरवाज़ा बंद कीजिए। | पत्र लिखना एक कला है।
| आज मौसम बहुत अच्छा है। | वैज्ञानिक प्रयोगशाला में काम करते हैं। | हमें पर्यावरण की रक्षा करनी चाहिए।
| स्वास्थ्य ही सच्चा धन है। | त्योहारों में लोग मिठाई बाँटते हैं। | प्रधानमंत्री ने नई योजना की घोषणा की।
| छात्रों ने परीक्षा की तैयारी की। | किसान खेत में हल चलाता है। | पुस्तक ज्ञान का भंडार है।
| श्रम से ही सफलता मिलती है। | गोदावरी नदी दक्षिण भारत में बहती है। | बच्चों को सत्य बोलना सिखाओ।"""
BENGALI = """শিক্ষা জাতির মেরুদণ্ড। | আমার বন্ধু খুব ভালো ছাত্র। | প্রকৃতি আমাদের মা। | ক্ষমা মহত্ত্বের লক্ষণ।
| রাষ্ট্রপতি ভাষণ দিলেন। | বিদ্যালয়ে অনেক ছাত্রছাত্রী পড়ে। | দয়া করে দরজা বন্ধ করো। | চিঠি লেখা একটি শিল্প।
| আজ আবহাওয়া খুব সুন্দর। | বিজ্ঞানীরা পরীক্ষাগারে কাজ করেন। | আমাদের পরিবেশ রক্ষা করতে হবে।
| স্বাস্থ্যই সকল সুখের মূল। | উৎসবে সবাই মিষ্টি খায়। | প্রধানমন্ত্রী নতুন প্রকল্প ঘোষণা করলেন।
| ছাত্ররা পরীক্ষার প্রস্তুতি নিচ্ছে। | কৃষক মাঠে লাঙল চালায়। | বই জ্ঞানের ভাণ্ডার।
| পরিশ্রমই সাফল্যের চাবিকাঠি। | গঙ্গা নদী বঙ্গোপসাগরে মিশেছে। | শিশুদের সত্য বলতে শেখাও।"""
THAI = """ภาษาไทยเป็นภาษาที่สวยงาม | น้ำใจของคนไทยมีมาก | เด็กๆ กำลังเล่นอยู่ในสนาม | ฉันชอบกินข้าวเหนียวมะม่วง
| พระอาทิตย์ขึ้นทางทิศตะวันออก | คุณครูสอนหนังสือที่โรงเรียน | ผู้ใหญ่บ้านมาประชุมที่วัด | ดอกไม้ในสวนบานสะพรั่ง
| พี่น้องช่วยกันทำความสะอาดบ้าน | ฝนตกหนักตลอดทั้งคืน | นักเรียนอ่านหนังสือในห้องสมุด | แม่ค้าขายผลไม้ที่ตลาด
| ปู่กับย่าไปเที่ยวทะเล | ทุ่งนาเขียวขจีสุดลูกหูลูกตา | ชาวนาปลูกข้าวในฤดูฝน | ร้านกาแฟเปิดตั้งแต่เช้าตรู่
| ถนนเส้นนี้มีรถติดทุกวัน | ลูกสุนัขตัวน้อยน่ารักมาก | ผึ้งบินไปดูดน้ำหวานจากดอกไม้ | ความรู้คู่คุณธรรม"""
SCRIPTS = {  # lang: (font, the 20 items)
    "hi": ("Noto Sans Devanagari", [item.strip() for item in HINDI.split("|")]),
    "bn": ("Noto Serif Bengali", [item.strip() for item in BENGALI.split("|")]),
    "th": ("Noto Sans Thai", [item.strip() for item in THAI.split("|")]),
}
# A paragraph of each script too, in a narrow column: lines split inside it.
PARAGRAPH_WIDTH = "45mm"
LATIN = ('<p>Plain English, with “quotes”, ﬁ ligatures, zero\u200bwidth, word\u2060joiner, soft mid\u00adword.</p>'
         '<p lang="en" style="hyphens: auto; width: 28mm">Extraordinary internationalization considerations '
         'notwithstanding, responsibilities multiply incomprehensibly.</p>'
         '<p lang="en" style="hyphens: manual; width: 25mm">Extra\u00adordinary inter\u00adnational\u00adization.</p>'
         '<p style="text-transform: uppercase; letter-spacing: 0.1em">Straße and <b>bold</b> small caps</p>')


def script_html(lang: str) -> str:
    font, items = SCRIPTS[lang]
    listed = "".join(f"<li>{item}</li>" for item in items)
    paragraph = " ".join(items[:6])
    return (f'<html lang="{lang}"><body style="font-family: \'{font}\'"><ul>{listed}</ul>'
            f'<p style="width: {PARAGRAPH_WIDTH}">{paragraph}</p></body></html>')


def render(html: str, wrapped: bool = True, tagged: bool = False) -> bytes:
    """The PDF of `html`; the spans are written when WeasyPrint draws, so write_pdf is inside."""
    document = weasyprint.HTML(string=html).render()
    if wrapped:
        return write_pdf(document, "pdf/ua-1" if tagged else "none")
    with actual_text.disabled():
        return write_pdf(document, "pdf/ua-1" if tagged else "none")


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in document)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def found(items: list[str], data: bytes) -> int:
    text = squeezed(pdf_text(data))
    return sum(squeezed(item) in text for item in items)


def page_pixels(data: bytes, index: int = 0) -> bytes:
    return pdfium.PdfDocument(data)[index].render(scale=100 / 72).to_pil().tobytes()


def actual_texts(data: bytes) -> list[str]:
    """The /ActualText strings of every page's content stream (inflated), in stream order."""
    texts = []
    for page in PdfReader(BytesIO(data)).pages:
        content = page.get_contents().get_data()
        texts += [bytes.fromhex(hexa.decode())[2:].decode("utf-16-be")
                  for hexa in re.findall(rb"/ActualText <([0-9A-F]+)>", content)]
    return texts


@pytest.fixture(scope="module")
def scripts() -> dict[str, tuple[bytes, bytes]]:
    """Each script's sample as PDF, with and without the spans."""
    return {lang: (render(script_html(lang)), render(script_html(lang), wrapped=False)) for lang in SCRIPTS}


@pytest.mark.parametrize("lang", SCRIPTS)
def test_every_item_reads_back(scripts, lang):
    items = SCRIPTS[lang][1]
    with_spans, _ = scripts[lang]
    text = squeezed(pdf_text(with_spans))
    assert [item for item in items if squeezed(item) not in text] == []
    assert squeezed(" ".join(items[:6])) in text  # the paragraph, across its line splits


def test_without_spans_items_are_lost(scripts):
    """What the spans fix: pdfium alone misreads conjuncts and vowel signs (so the test above can fail)."""
    lost = {lang: len(SCRIPTS[lang][1]) - found(SCRIPTS[lang][1], without) for lang, (_, without) in scripts.items()}
    assert any(lost.values()), lost


@pytest.mark.parametrize("lang", SCRIPTS)
def test_pages_are_pixel_identical(scripts, lang):
    with_spans, without = scripts[lang]
    assert actual_texts(with_spans) and actual_texts(without) == []
    assert page_pixels(with_spans) == page_pixels(without)


def test_latin_text_reads_back_as_before():
    html = f"<html><body>{LATIN}</body></html>"
    with_spans, without = render(html), render(html, wrapped=False)
    assert actual_texts(with_spans)  # the spans are there...
    assert pdf_text(with_spans) == pdf_text(without)  # ...and change nothing pdfium reads
    assert "‐" in pdf_text(with_spans)  # the hyphenated lines did break with a hyphen
    assert page_pixels(with_spans) == page_pixels(without)


def test_hyphenated_line_has_its_hyphen():
    html = ('<html><body><p lang="en" style="hyphens: auto; width: 28mm">Extraordinary '
            'internationalization considerations notwithstanding.</p></body></html>')
    texts = actual_texts(render(html))
    # The lines that break with a hyphen (U+2010) carry it; the lines all in ASCII need no span.
    assert len(texts) >= 2 and all(text.endswith("‐") for text in texts)  # the hyphen WeasyPrint draws
    assert squeezed(pdf_text(render(html))).replace("‐", "") == "Extraordinaryinternationalizationconsiderationsnotwithstanding."


def test_right_to_left_and_ascii_lines_are_not_wrapped():
    html = ('<html><body><p>An English line — with a dash.</p><p>An ASCII line (one glyph a character).</p>'
            '<p dir="rtl" lang="he" style="font-family: \'Noto Sans Hebrew\'">שלום עולם, זהו משפט בעברית.</p>'
            '<p dir="rtl" lang="ar" style="font-family: \'Noto Naskh Arabic\'">مرحبا بالعالم، هذه جملة عربية.</p>'
            '</body></html>')
    data = render(html)
    assert actual_texts(data) == ["An English line — with a dash."]
    assert "שלום" in pdf_text(data) and pdf_text(data) == pdf_text(render(html, wrapped=False))


def test_tagged_pdf_keeps_its_structure_tree():
    html = script_html("hi")
    data = render(html, tagged=True)
    assert "/StructTreeRoot" in PdfReader(BytesIO(data)).trailer["/Root"]
    leaves = structure_leaves(data)
    assert leaves and all(leaf.mcid >= 0 for leaf in leaves)
    assert found(SCRIPTS["hi"][1], data) == 20
    assert page_pixels(data) == page_pixels(render(html, wrapped=False, tagged=True))


def test_install_is_idempotent():
    from weasyprint.draw import text
    wrapper = text.draw_first_line
    actual_text.install()
    assert text.draw_first_line is wrapper and wrapper.adds_actual_text


@pytest.mark.parametrize("replacement", ["missing", "other signature"])
def test_install_fails_loudly_when_weasyprint_changes(monkeypatch, replacement):
    from weasyprint.draw import text
    if replacement == "missing":
        monkeypatch.delattr(text, "draw_first_line")
    else:
        monkeypatch.setattr(text, "draw_first_line", lambda stream, textbox, matrix: [])
    with pytest.raises(RuntimeError, match="draw_first_line"):
        actual_text.install()


def test_install_fails_loudly_when_draw_text_stops_calling_it(monkeypatch):
    from weasyprint.draw import text
    monkeypatch.setattr(text, "draw_first_line", text.draw_first_line.__wrapped__)
    monkeypatch.setattr(text, "draw_text", lambda stream, textbox, offset_x, text_overflow, block_ellipsis: None)
    with pytest.raises(RuntimeError, match="draw_text"):
        actual_text.install()
