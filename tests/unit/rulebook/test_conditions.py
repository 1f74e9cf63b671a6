"""The condition language: comparisons, Kleene three-valued logic, parameters, validation."""

from __future__ import annotations

from typing import Any

import pytest

from carborder.rulebook.conditions import (
    Evaluation,
    Tri,
    evaluate,
    fact_names,
    param_names,
    validate_condition,
)

PARAMS = {"thresholds.a": 100, "thresholds.b": 1.0}


def run(cond: dict[str, Any], facts: dict[str, Any]) -> tuple[Tri, Evaluation]:
    ev = Evaluation()

    def look(name: str) -> tuple[bool, Any]:
        return (name in facts), facts.get(name)

    return evaluate(cond, look, PARAMS.__getitem__, ev), ev


T: dict[str, Any] = {"fact": "t", "is": True}
F: dict[str, Any] = {"fact": "f", "is": True}
U: dict[str, Any] = {"fact": "u", "is": True}
VALUES = {"t": True, "f": False}  # u is never established
LEAF = {"T": T, "F": F, "U": U}
EXPECT = {"T": True, "F": False, "U": None}


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("T", "T", True),  # both hold
        ("T", "F", False),  # one false part makes all false
        ("F", "T", False),  # order does not matter
        ("F", "F", False),
        ("T", "U", None),  # true and unknown stays unknown
        ("U", "T", None),
        ("F", "U", False),  # false wins over unknown (Kleene)
        ("U", "F", False),
        ("U", "U", None),
    ],
)
def test_all_is_kleene_and(a: str, b: str, want: Tri) -> None:
    assert run({"all": [LEAF[a], LEAF[b]]}, VALUES)[0] is want


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("T", "T", True),
        ("T", "F", True),  # one true part makes any true
        ("F", "T", True),
        ("F", "F", False),
        ("T", "U", True),  # true wins over unknown (Kleene)
        ("U", "T", True),
        ("F", "U", None),  # false or unknown stays unknown
        ("U", "F", None),
        ("U", "U", None),
    ],
)
def test_any_is_kleene_or(a: str, b: str, want: Tri) -> None:
    assert run({"any": [LEAF[a], LEAF[b]]}, VALUES)[0] is want


@pytest.mark.parametrize(("a", "want"), [("T", False), ("F", True), ("U", None)])
def test_not_keeps_unknown(a: str, want: Tri) -> None:
    assert run({"not": LEAF[a]}, VALUES)[0] is want


def test_empty_condition_is_true() -> None:
    # {} is the "always" condition used by scopes and obligations with no precondition
    assert run({}, {})[0] is True


@pytest.mark.parametrize(
    ("cond", "facts", "want"),
    [
        ({"fact": "x", "is": "a"}, {"x": "a"}, True),  # equality
        ({"fact": "x", "is": "a"}, {"x": "b"}, False),
        ({"fact": "x", "in": ["a", "b"]}, {"x": "b"}, True),  # membership of a scalar
        ({"fact": "x", "in": ["a", "b"]}, {"x": "c"}, False),
        ({"fact": "s", "contains": "a"}, {"s": ["a", "b"]}, True),  # set holds a value
        ({"fact": "s", "contains": "z"}, {"s": ["a", "b"]}, False),
        ({"fact": "s", "contains_any": ["z", "b"]}, {"s": ["a", "b"]}, True),  # overlap
        ({"fact": "s", "contains_any": ["z"]}, {"s": ["a"]}, False),
        ({"fact": "s", "subset_of": ["a", "b"]}, {"s": ["a"]}, True),  # all values allowed
        ({"fact": "s", "subset_of": ["a"]}, {"s": ["a", "b"]}, False),
        ({"fact": "s", "subset_of": ["a"]}, {"s": []}, False),  # an empty set is no subset here
        ({"fact": "n", "gte": 5}, {"n": 5}, True),  # inclusive bound
        ({"fact": "n", "gt": 5}, {"n": 5}, False),  # exclusive bound
        ({"fact": "n", "lt": 5}, {"n": 4}, True),
        ({"fact": "n", "lte": 5}, {"n": 5}, True),
        ({"fact": "n", "gte": 5}, {"n": True}, False),  # booleans are not numbers
        ({"fact": "n", "gte": 5}, {"n": "7"}, False),  # text is not a number
        ({"fact": "x", "present": True}, {"x": 0}, True),  # present is two-valued
        ({"fact": "x", "present": True}, {}, False),
        ({"fact": "x", "present": False}, {}, True),
    ],
)
def test_comparisons(cond: dict[str, Any], facts: dict[str, Any], want: bool) -> None:
    assert run(cond, facts)[0] is want


def test_unknown_fact_is_recorded_once_and_makes_a_leaf_unknown() -> None:
    result, ev = run({"all": [{"fact": "u", "is": True}, {"fact": "u", "gte": 3}]}, {})
    assert result is None
    assert ev.unknown == ["u"]
    assert ev.inputs == {"u": None}


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (99, False),  # below the parameter
        (100, True),  # at the parameter (gte is inclusive)
        (101, True),
    ],
)
def test_parameter_values_are_read_and_recorded(value: int, want: bool) -> None:
    result, ev = run({"fact": "n", "gte": {"param": "thresholds.a"}}, {"n": value})
    assert result is want
    assert ev.params == {"thresholds.a": 100}
    assert ev.inputs == {"n": value}


def test_parameter_is_not_read_when_the_fact_is_unknown() -> None:
    result, ev = run({"fact": "n", "gte": {"param": "thresholds.a"}}, {})
    assert result is None
    assert ev.params == {}


def test_fact_and_param_names() -> None:
    cond = {
        "all": [
            {"fact": "a", "is": True},
            {"not": {"fact": "b", "lt": {"param": "p.one"}}},
            {"any": [{"fact": "c", "contains": "x"}, {"fact": "a", "gte": {"param": "p.two"}}]},
        ]
    }
    assert fact_names(cond) == {"a", "b", "c"}
    assert param_names(cond) == {"p.one", "p.two"}
    assert fact_names({}) == set()


VOCAB = {"color": ["red", "green"], "tags": ["a", "b"]}


def check(cond: Any) -> list[tuple[str, str]]:
    problems = validate_condition(
        cond,
        "when",
        allowed_values=lambda n: VOCAB.get(n),
        known_fact=lambda n: n in {"color", "tags", "count"},
        known_param=lambda p: p == "thresholds.a",
    )
    return [(key, message.format("en")) for key, message in problems]


@pytest.mark.parametrize(
    ("cond", "path", "fragment"),
    [
        (["fact", "color"], "when", "must be a mapping"),  # a list where a mapping belongs
        ({"fact": "colour", "is": "red"}, "when.fact", "unknown fact 'colour'"),  # misspelt fact
        ({"fact": "color", "equals": "red"}, "when", "exactly one comparison"),  # unknown operator
        (
            {"fact": "color", "is": "red", "in": ["red"]},
            "when",
            "exactly one comparison",
        ),  # two operators
        ({"fact": "color", "is": "blue"}, "when.is", "'blue' is not a value of fact 'color'"),
        ({"fact": "tags", "contains_any": ["a", "c"]}, "when.contains_any", "'c' is not a value"),
        ({"fact": "count", "gte": {"param": "thresholds.z"}}, "when.gte", "unknown parameter"),
        ({"fact": "count", "gte": {"parm": "thresholds.a"}}, "when.gte", "{param: <id>}"),
        ({"all": []}, "when.all", "non-empty list"),  # an empty all would be vacuously true
        ({"any": {"fact": "color", "is": "red"}}, "when.any", "non-empty list"),
        ({"all": [{"fact": "color", "is": "red"}], "fact": "count"}, "when", "must stand alone"),
        ({"colour": "red"}, "when", "unknown condition keys"),  # neither a node nor a fact test
        (
            {"not": {"fact": "color", "is": "pink"}},
            "when.not.is",
            "'pink' is not a value",
        ),  # nested
        (
            {"any": [{"fact": "count", "gt": 1}, {"fact": "x", "is": 1}]},
            "when.any[1].fact",
            "unknown fact 'x'",
        ),
    ],
)
def test_validate_condition_reports_path_and_problem(cond: Any, path: str, fragment: str) -> None:
    problems = check(cond)
    assert problems, f"no problem found for {cond}"
    key, message = problems[0]
    assert key == path
    assert fragment in message


@pytest.mark.parametrize(
    "cond",
    [
        {},  # always
        {"fact": "color", "in": ["red", "green"]},
        {"fact": "count", "gte": {"param": "thresholds.a"}},
        {"not": {"fact": "tags", "subset_of": ["a"]}},
        {"all": [{"fact": "count", "present": True}, {"any": [{"fact": "color", "is": "red"}]}]},
    ],
)
def test_validate_condition_accepts_well_formed(cond: dict[str, Any]) -> None:
    assert check(cond) == []
