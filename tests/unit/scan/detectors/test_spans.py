"""The identifier-span adapter the gateway de-identifies and proves with, against independent oracles.

Mobile numbers are drawn at random and kept only when ``phonenumbers`` (Google's libphonenumber
metadata, not carborder's prefix table) calls them valid CN mobiles; the adapter must find every
one the oracle finds in generated free text. Pseudonyms must never look like identifiers.
"""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.deid.patterns import PSEUDONYM_PATTERN, is_pseudonym
from carborder.deid.pseudonymise import pseudonym
from carborder.scan.detectors import registry
from carborder.scan.detectors.identifiers import PSEUDONYM_PATTERN as SCAN_PSEUDONYM_PATTERN
from carborder.scan.detectors.identifiers import IdentifierDetector
from carborder.scan.detectors.spans import (
    SPAN_SCHEMA,
    identifier_kinds,
    identifier_spans,
    iter_identifier_spans,
    span_kinds,
    valid_identifiers,
)

phonenumbers = pytest.importorskip("phonenumbers")


def _oracle_mobile(rng: random.Random) -> str:
    """A random 11-digit number libphonenumber calls a valid CN mobile."""
    while True:
        n = "1" + str(rng.randint(3, 9)) + "".join(rng.choice("0123456789") for _ in range(9))
        try:
            parsed = phonenumbers.parse(n, "CN")
        except phonenumbers.NumberParseException:
            # "179xx00…" reads as an IP-call dialling prefix (CN metadata's international
            # prefix 1(?:[12]\d|79)\d\d00) and then fails on its country code: no mobile
            continue
        if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return n


def _oracle_phones(text: str) -> set[str]:
    found = set()
    for m in phonenumbers.PhoneNumberMatcher(text, "CN"):
        national = str(m.number.national_number)
        if len(national) == 11 and national.startswith("1"):
            found.add(national)
    return found


def _inside_token(text: str, number: str) -> bool:
    at = text.find(number)
    after = text[at + len(number) : at + len(number) + 1]
    before = text[max(0, at - 2) : at]
    glued_after = after.isascii() and after.isalpha()
    one_letter_before = (
        len(before) >= 1
        and before[-1:].isascii()
        and before[-1:].isalpha()
        and not (len(before) == 2 and before.isascii() and before.isalpha())
    )
    return glued_after or one_letter_before


_FILLER = st.text(
    alphabet=st.sampled_from(list("回访电话客户已交车试驾备注，。 ;:/()abcXYZ-")), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.lists(_FILLER, min_size=1, max_size=4))
def test_every_mobile_the_oracle_finds_in_text_is_a_span(seed: int, fillers: list[str]) -> None:
    rng = random.Random(seed)
    phones = [_oracle_mobile(rng) for _ in fillers]
    text = "".join(f + p for f, p in zip(fillers, phones, strict=True)) + fillers[0]
    spans = list(iter_identifier_spans(text, ["phone"]))
    # What this checks is finding them inside text; which prefixes are in use is checked below.
    # A number with ASCII letters right after it, or after a single letter, is part of an
    # alphanumeric token (a part number, a hash) and deliberately not a phone (issue 10.4).
    known = {
        p
        for p in _oracle_phones(text)
        if valid_identifiers(pa.array([p]), "phone")[0] and not _inside_token(text, p)
    }
    assert {text[s:e] for s, e, _k in spans} >= known
    for s, e, kind in spans:
        assert kind == "phone" and text[s:e].isdigit() and len(text[s:e]) == 11


def test_every_prefix_libphonenumber_calls_mobile_is_valid() -> None:
    rng = random.Random(7)
    missed = set()
    for prefix in range(130, 200):
        for _ in range(50):
            n = str(prefix) + "".join(rng.choice("0123456789") for _ in range(8))
            parsed = phonenumbers.parse(n, "CN")
            mobile = phonenumbers.number_type(parsed) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            valid = phonenumbers.is_valid_number(parsed) and mobile
            if valid and not valid_identifiers(pa.array([n]), "phone")[0]:
                missed.add(prefix)
    assert missed == set()


def test_mobiles_written_with_separators_are_spans() -> None:
    text = "回访电话 138-1234-5678"
    assert _oracle_phones(text) == {"13812345678"}
    assert list(iter_identifier_spans(text, ["phone"])) == [(5, 18, "phone")]


def test_adjacent_identifiers_share_a_boundary() -> None:
    text = "13812345678,13912345678"
    assert [(s, e) for s, e, _k in iter_identifier_spans(text, ["phone"])] == [(0, 11), (12, 23)]


def test_spans_table_shape_rows_and_normalised_values() -> None:
    arr = pa.array(["a 13812345678", None, "none", "b 13812345678 c 110101199003078515"])
    t = identifier_spans(arr, ["phone", "id_number"])
    assert t.schema == SPAN_SCHEMA
    assert t.to_pylist() == [
        {"row": 0, "start": 2, "end": 13, "kind": "phone", "value": "13812345678"},
        {"row": 3, "start": 2, "end": 13, "kind": "phone", "value": "13812345678"},
        {"row": 3, "start": 16, "end": 34, "kind": "id_number", "value": "110101199003078515"},
    ]
    assert identifier_spans(arr, ["name"]).num_rows == 0  # names exist only as whole values
    assert identifier_spans(pa.array([], type=pa.string()), ["phone"]).num_rows == 0


def test_invalid_candidates_are_not_spans() -> None:
    # Wrong check digit (ID), unknown mobile prefix, a VIN with a wrong check digit.
    text = "110101199003078514 12012345678 LSVAU2180N2183294"
    assert list(iter_identifier_spans(text, span_kinds())) == []


def test_kinds_cover_every_identifier_detector() -> None:
    kinds = {
        cls.kind for cls in registry.for_modality("tabular") if issubclass(cls, IdentifierDetector)
    }
    # organisation codes (USCC) are identifiers but never personal: no de-identification
    assert identifier_kinds() == kinds - {"org_id"}
    assert span_kinds() <= kinds and {"phone", "id_number", "vin"} <= span_kinds()


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=16, max_size=48), st.text(max_size=30), st.integers(16, 64))
def test_no_validator_accepts_a_pseudonym(key: bytes, value: str, length: int) -> None:
    p = pseudonym(key, value, length)
    assert is_pseudonym(p)
    arr = pa.array([p, f"回访电话{p}，{p}@"])
    assert identifier_spans(arr, identifier_kinds()).num_rows == 0
    whole = pa.array([p])
    for kind in identifier_kinds():
        assert not valid_identifiers(whole, kind).any()
    for cls in registry.for_modality("tabular"):
        if issubclass(cls, IdentifierDetector):
            mask, _norm = cls().validate(whole)
            assert not mask.any(), (cls.name, p)


def test_pseudonym_pattern_has_no_digit_upper_case_or_at() -> None:
    assert PSEUDONYM_PATTERN == "ps_[a-p]{16,64}"
    # the scan mirrors the gateway's pattern (it cannot import deid): they must agree
    assert SCAN_PSEUDONYM_PATTERN == PSEUDONYM_PATTERN
    assert is_pseudonym("ps_" + "a" * 16) and not is_pseudonym("ps_" + "a" * 15)
    assert not is_pseudonym("ps_abcdefghijklmnoq")
