"""The de-identification operators as people and programs read them, from the registry itself.

Names, parameters (type, required, default), the facts each operator may change, the formats
it applies to and its example step come from the operator classes, so a new operator is listed
the day it is registered. Prose comes from the message catalogue (``deid-op-<name>``,
``deid-param-<name>-<param>``) in both languages; an operator without catalogue entries (a
plugin) falls back to its docstring and its parameters' descriptions.
"""

from __future__ import annotations

import inspect
from typing import Any

import yaml

from carborder.deid import registry
from carborder.deid.base import Operator
from carborder.deid.media_ops import MEDIA_ALIASES, MediaOperator
from carborder.i18n import Messages, messages

__all__ = ["example_step", "operator_docs"]


def _type(prop: dict[str, Any]) -> str:
    """A short type from a JSON-schema property: ``list[string]``, ``blur|pixelate|fill``..."""
    if "enum" in prop:
        return "|".join(str(v) for v in prop["enum"])
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return "|".join(kinds)
    kind = str(prop.get("type", "any"))
    if kind == "array":
        return f"list[{_type(prop.get('items', {}))}]"
    return kind


def example_step(cls: type[Operator[Any]]) -> str:
    """The operator's example as a plan step in YAML flow style: ``{op: drop, kinds: [vin]}``."""
    step = {"op": cls.name, **dict(cls.example)}
    return str(yaml.safe_dump(step, default_flow_style=True, sort_keys=False, width=10**6)).strip()


def _summary(cls: type[Operator[Any]], m: Messages) -> str:
    msg_id = f"deid-op-{cls.name}"
    if m.has(msg_id):
        return m(msg_id)
    return (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")


def _applies(cls: type[Operator[Any]], m: Messages) -> dict[str, Any]:
    if issubclass(cls, MediaOperator):
        own = sorted(cls.formats)
        return {
            "tables": False,
            "formats": own,
            "alias": None,
            "text": m("deid-applies-files", formats=m.join(own)),
        }
    alias = MEDIA_ALIASES.get(cls.name)
    text = m("deid-applies-tables")
    formats: list[str] = []
    if alias is not None:
        target = registry.get(alias)
        assert issubclass(target, MediaOperator)
        formats = sorted(target.formats)
        text += m("clause-separator") + m(
            "deid-applies-alias", formats=m.join(formats), alias=alias
        )
    return {"tables": True, "formats": formats, "alias": alias, "text": text}


def _promise(cls: type[Operator[Any]], m: Messages) -> dict[str, Any]:
    changes = sorted(cls.changes)
    lines = [
        m("deid-promise-changes", facts=m.join(changes)) if changes else m("deid-promise-none")
    ]
    if cls.anonymising:
        lines.append(m("deid-promise-anonymising"))
    if changes:
        lines.append(m("deid-promise-proof"))
    return {"changes": changes, "anonymising": cls.anonymising, "text": lines}


def _parameters(cls: type[Operator[Any]], m: Messages) -> list[dict[str, Any]]:
    schema = cls.params_model.model_json_schema()
    props = schema.get("properties", {})
    out = []
    for name, field in cls.params_model.model_fields.items():
        msg_id = f"deid-param-{cls.name}-{name}"
        required = field.is_required()
        default = None if required else field.get_default(call_default_factory=True)
        out.append(
            {
                "name": name,
                "type": _type(props.get(name, {})),
                "required": required,
                "default": default,
                "description": m(msg_id) if m.has(msg_id) else (field.description or ""),
            }
        )
    return out


def operator_docs(lang: str) -> list[dict[str, Any]]:
    """Every registered operator, sorted by name, described in ``lang``."""
    m = messages(lang)
    docs = []
    for name in registry.names():
        cls = registry.get(name)
        docs.append(
            {
                "name": name,
                "summary": _summary(cls, m),
                "applies_to": _applies(cls, m),
                "promise": _promise(cls, m),
                "two_pass": cls.two_pass,
                "parameters": _parameters(cls, m),
                "example": {"op": name, **dict(cls.example)},
                "example_yaml": example_step(cls),
            }
        )
    return docs
