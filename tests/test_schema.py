"""The plain-Python validator behind front matter, handout.yaml and book files."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from handout.read import schema
from handout.read.front_matter import FrontMatter, to_meta


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sample:
    name: str = schema.text(schema.REQUIRED, min_length=1)
    note: str = schema.text(max_length=5)
    tag: str = schema.text("en", pattern=r"[a-z]{2}")
    tags: tuple[str, ...] = schema.texts()
    items: tuple[str, ...] = schema.texts((), min_length=1)
    day: dt.date | None = schema.date()
    size: int = schema.whole(0, ge=0, le=50)
    paper: str = schema.choice("", "A4", "Letter", default="")


def refusals(**values) -> list[tuple]:
    found, invalid = schema.validate(Sample, {"name": "n", **values})
    assert (found is None) == bool(invalid)
    return [(item.key, item.item, item.kind, item.context) for item in invalid]


def test_defaults_are_filled_in_and_text_is_stripped():
    found, invalid = schema.validate(Sample, {"name": "  Ann \u3000", "tags": "one"})
    assert invalid == []
    assert found == Sample(name="Ann", tags=("one",))
    assert (found.note, found.tag, found.day, found.size, found.paper) == ("", "en", None, 0, "")


def test_only_unicode_white_space_is_stripped():
    # \x1c is str.isspace() but not White_Space: it stays, as it did before.
    assert schema.validate(Sample, {"name": "\x1cAnn\x85"})[0].name == "\x1cAnn"


def test_missing_then_wrong_values_in_field_order_then_unknown_keys_as_written():
    _, invalid = schema.validate(Sample, {"zeta": "1", "size": "x", "note": ["a"], "alpha": "2"})
    assert [(item.key, item.kind) for item in invalid] == [
        ("name", "missing"), ("note", "string_type"), ("size", "int_parsing"),
        ("zeta", "extra_forbidden"), ("alpha", "extra_forbidden")]


@pytest.mark.parametrize("values, refusal", [
    ({"name": "   "}, ("name", None, "string_too_short", {"min_length": 1})),
    ({"note": " abcdef "}, ("note", None, "string_too_long", {"max_length": 5})),
    ({"tag": " eng "}, ("tag", None, "string_pattern_mismatch", {"input": " eng "})),
    ({"items": []}, ("items", None, "too_short", {"min_length": 1, "actual_length": 0})),
    ({"day": ["2024-01-01"]}, ("day", None, "date_type", {})),
    ({"day": "24-1-1"}, ("day", None, "value_error",
                         {"message": "'24-1-1' is not an ISO date; write it as YYYY-MM-DD"})),
    ({"day": "2024-02-30"}, ("day", None, "value_error",
                             {"message": "'2024-02-30' is not a real date (day is out of range for month)"})),
    ({"size": ["3"]}, ("size", None, "int_type", {})),
    ({"size": "-1"}, ("size", None, "greater_than_equal", {"ge": 0})),
    ({"size": "51.0"}, ("size", None, "less_than_equal", {"le": 50})),
    ({"paper": "legal"}, ("paper", None, "literal_error", {"expected": ("", "A4", "Letter")})),
    ({"paper": " a4 "}, ("paper", None, "literal_error", {"expected": ("", "A4", "Letter")})),
])
def test_each_refusal_names_its_kind_and_details(values, refusal):
    assert refusals(**values) == [refusal]


def test_list_items_are_refused_one_by_one_with_their_index():
    assert refusals(tags=["a", ["b"], "c", 3]) == [("tags", 1, "string_type", {}), ("tags", 3, "string_type", {})]
    assert refusals(tags={"a": "b"}) == [("tags", None, "tuple_type", {})]


def test_list_items_are_stripped_and_a_lone_text_is_one_item():
    assert schema.validate(Sample, {"name": "n", "tags": [" a ", ""], "items": " x "})[0].tags == ("a", "")
    assert schema.validate(Sample, {"name": "n", "items": " x "})[0].items == ("x",)


@pytest.mark.parametrize("written, number", [
    ("3", 3), (" 3 ", 3), ("+3", 3), ("-0", 0), ("007", 7), ("3_0", 30), ("3.0", 3), ("50.00", 50)])
def test_whole_numbers_read_as_before(written, number):
    assert schema.validate(Sample, {"name": "n", "size": written})[0].size == number


@pytest.mark.parametrize("written", [
    "", "three", "3.5", "3.", ".0", "1e1", "0x10", "_3", "3__0", "+-3", "٣", "３", "0-3", "1" * 4301])
def test_other_text_is_not_a_whole_number(written):
    assert refusals(size=written) == [("size", None, "int_parsing", {})]


def test_choice_ignores_case_and_gives_the_declared_spelling():
    assert schema.validate(Sample, {"name": "n", "paper": "LETTER"})[0].paper == "Letter"
    assert schema.validate(Sample, {"name": "n", "paper": ""})[0].paper == ""


def test_front_matter_schema_and_meta():
    front, invalid = schema.validate(FrontMatter, {"title": " T ", "date": "2024-02-29", "fit": "7",
                                                   "page_size": "a4", "keywords": "k", "quick_answer": "Q"})
    assert invalid == []
    meta = to_meta(front)
    assert (meta.title, meta.date, meta.fit, meta.page_size, meta.keywords) == ("T", dt.date(2024, 2, 29), 7, "A4", ("k",))
    assert not hasattr(meta, "quick_answer")
    with pytest.raises(dataclasses.FrozenInstanceError):
        front.title = "U"
