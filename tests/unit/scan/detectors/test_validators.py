"""Validators: tables of positives, negatives and look-alikes, plus property tests."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.demo.tabular import fake_resident_id, fake_vin
from carborder.scan.detectors import validators as v


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("11010519491231002X", True),  # the GB 11643 standard's own example
        ("11010519491231002x", True),  # lower-case check character is accepted
        ("110105194912310021", False),  # wrong check digit
        ("110105194902300024", False),  # 30 February does not exist
        ("990105194912310025", False),  # 99 is not a province code
        ("110105180012310025", False),  # born in 1800: implausible
        ("11010519491231002", False),  # 17 characters
        ("11010519491231002X1", False),  # 19 characters
        ("11010520991231002X", False),  # birth date in the future
    ],
)
def test_resident_id_table(value: str, ok: bool) -> None:
    assert v.is_resident_id(value) is ok


def test_resident_id_leap_day() -> None:
    base = "11010520000229001"  # 2000 is a leap year (divisible by 400)
    assert v.is_resident_id(base + v.resident_id_check_char(base))
    base = "11010519000229001"  # 1900 is not
    assert not v.is_resident_id(base + v.resident_id_check_char(base))


def test_resident_id_rows_today_is_injectable() -> None:
    base = "11010520300101001"
    m = np.frombuffer((base + v.resident_id_check_char(base)).encode(), dtype=np.uint8).reshape(
        1, 18
    )
    assert not v.resident_id_rows(m, today=date(2026, 1, 1))[0]
    assert v.resident_id_rows(m, today=date(2031, 1, 1))[0]


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=200, deadline=None)
def test_generated_ids_validate_and_one_changed_digit_never_does(seed: int) -> None:
    rng = random.Random(seed)
    rid = fake_resident_id(rng)
    assert v.is_resident_id(rid)
    pos = rng.randrange(17)
    new = str((int(rid[pos]) + rng.randrange(1, 10)) % 10)
    # ISO 7064 MOD 11-2 detects every single-digit substitution
    assert not v.is_resident_id(rid[:pos] + new + rid[pos + 1 :])


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("13800138000", True),  # plain 11 digits, China Mobile prefix
        ("+86 138-0013-8000", True),  # country code and separators
        ("008613800138000", True),  # 00 international prefix
        ("19912345678", True),  # 199 prefix in use
        ("15412345678", False),  # 154 was never assigned
        ("14012345678", False),  # 140 is an IoT-only (13-digit) range
        ("12345678901", False),  # 12x is not a mobile range
        ("1380013800", False),  # 10 digits
        ("138001380001", False),  # 12 digits
        ("+1 415 555 0100", False),  # a US number
    ],
)
def test_mobile_table(value: str, ok: bool) -> None:
    assert v.is_mobile(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("LSVAU218XN2183294", True),  # check digit X in position 9
        ("1M8GDM9AXKP042788", True),  # the textbook ISO 3779 example
        ("lsvau218xn2183294", True),  # lower case is normalised
        ("LSVAU2180N2183294", False),  # wrong check digit
        ("LSVAU218XN218329", False),  # 16 characters
        ("LSVAI218XN2183294", False),  # I is not allowed in a VIN
        ("12345678901234567", False),  # 17 digits: an order number, no letters
        ("ABCDEFGHJKLMNPRST", False),  # 17 letters: serial part must be digits
    ],
)
def test_vin_table(value: str, ok: bool) -> None:
    assert v.is_vin(value) is ok


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=200, deadline=None)
def test_generated_vins_validate_and_substitution_in_weighted_position_fails(seed: int) -> None:
    rng = random.Random(seed)
    vin = fake_vin(rng)
    assert v.is_vin(vin)
    pos = rng.choice([i for i in range(13, 17)])  # serial digits, weights 5,4,3,2 (coprime to 11)
    new = str((int(vin[pos]) + rng.randrange(1, 10)) % 10)
    assert not v.is_vin(vin[:pos] + new + vin[pos + 1 :])


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("京A12345", True),  # standard 7-character plate
        ("沪AD12345", True),  # small new-energy plate (D after the letter)
        ("粤B12345F", True),  # large new-energy plate (F at the end)
        ("粤Z1234港", True),  # Hong Kong cross-border plate
        ("京A1234警", True),  # police
        ("苏A1234学", True),  # driving-school coach
        ("浙A1234挂", True),  # trailer
        ("使123456", True),  # embassy
        ("京A·12345", True),  # with the middle dot people write
        ("京I12345", False),  # I is never used in plates
        ("A12345", False),  # no province abbreviation
        ("京A1234", False),  # too short
        ("港A12345", False),  # 港 is not a province abbreviation
    ],
)
def test_plate_table(value: str, ok: bool) -> None:
    assert v.is_plate(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("4111111111111111", True),  # Visa test number, Luhn ok
        ("6212260200012345678"[:-1] + "0", None),  # UnionPay 19-digit: checked below
        ("4111111111111112", False),  # Luhn fails
        ("1234567812345670", False),  # Luhn ok but 1 is no card network
        ("411111111111111", False),  # 15 digits
    ],
)
def test_bank_card_table(value: str, ok: bool | None) -> None:
    if ok is None:
        ok = v.luhn_ok(value)
    assert v.is_bank_card(value) is ok


@pytest.mark.parametrize(
    ("check", "value", "ok"),
    [
        (v.is_email, "zhang.san@example.com.cn", True),  # ordinary address
        (v.is_email, "zhang.san@example", False),  # no top-level domain
        (v.is_passport, "E12345678", True),  # E + 8 digits
        (v.is_passport, "EA1234567", True),  # E + letter + 7 digits
        (v.is_passport, "EI1234567", False),  # I is not used
        (v.is_hk_macau_permit, "C12345678", True),  # exit-entry permit for HK/Macao
        (v.is_hk_macau_permit, "H1234567801", True),  # home-return permit, 10 digits
        (v.is_hk_macau_permit, "H123", False),  # too short
    ],
)
def test_other_formats(check: object, value: str, ok: bool) -> None:
    assert check(value) is ok  # type: ignore[operator]


def test_vin_rows_matches_the_reference_formulation() -> None:
    def reference(mat: np.ndarray) -> np.ndarray:
        vals = v._VIN_VALUE[mat]
        ok = (vals >= 0).all(axis=1)
        expected = v._VIN_CHECK[(vals @ v._VIN_WEIGHTS) % 11]
        ok &= v._UPPER[mat[:, 8]] == expected
        ok &= ~v._VIN_BAD_YEAR[mat[:, 9]]
        ok &= v._IS_DIGIT[mat[:, 13:17]].all(axis=1)
        return np.asarray(ok & (v._IS_LETTER[mat].sum(axis=1) >= 2), dtype=bool)

    rng = np.random.default_rng(7)
    good = np.frombuffer("".join(fake_vin(random.Random(i)) for i in range(400)).encode(), np.uint8)
    mat = np.tile(good.reshape(-1, 17), (20, 1))
    alphabet = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZIOQabcxyz0123456789 -", dtype=np.uint8)
    rows = rng.integers(0, len(mat), len(mat))
    mat[rows, rng.integers(0, 17, len(mat))] = alphabet[rng.integers(0, len(alphabet), len(mat))]
    mat = np.vstack([mat, np.char.lower(np.array([b"LSVAU218XN2183294"])).view(np.uint8)])
    expect = reference(mat)
    assert 0 < expect.sum() < len(mat)
    assert v.vin_rows(mat).tolist() == expect.tolist()
