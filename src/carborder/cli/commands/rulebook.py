"""`carborder rulebook`: lint, show, diff and list the facts of rulebook packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from carborder.cli.options import Format, FormatOpt, Lang, LangOpt, PackOpt
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on
from carborder.errors import Msg, PackError
from carborder.i18n import messages

if TYPE_CHECKING:
    from carborder.rulebook.pack import Pack

__all__ = ["register"]

rulebook_app = typer.Typer(
    no_args_is_help=True,
)


def _resolve(ref: str | Path | None) -> Pack:
    from carborder.rulebook import load_pack
    from carborder.rulebook.loader import BUILTIN_PACKS, default_pack_dir

    if ref is None:
        return load_pack()
    if str(ref) in BUILTIN_PACKS:
        return load_pack(default_pack_dir(str(ref)))
    return load_pack(Path(ref))


@rulebook_app.command("lint")
@runs_on("carborder.rulebook")
def lint(
    directory: Annotated[Path, typer.Argument()],
    lang: LangOpt = Lang.EN,
) -> None:
    """Load a pack strictly and report the first problem with file, line and remedy (exit 2).

    Its --help (en, zh) is ``help-rulebook-lint`` in the catalogue (help.ftl).
    """
    from carborder.rulebook import load_pack

    pack = load_pack(directory)
    m = messages(lang.value)
    counts = m(
        "rulebook-lint-counts",
        rules=str(len(pack.rules)),
        parameters=str(len(pack.parameters)),
        instruments=str(len(pack.instruments)),
        facts=str(len(pack.facts)),
    )
    out_console.print(f"[green]{m('rulebook-lint-ok')}[/] {pack.ref}: {counts}")


def _rule_doc(pack: Pack, rule_id: str) -> dict[str, Any]:
    if rule_id in pack.rules:
        return pack.rules[rule_id].model_dump(mode="json", exclude_none=True)
    if rule_id in pack.parameters:
        return pack.parameters[rule_id].model_dump(mode="json", exclude_none=True)
    if rule_id in pack.instruments:
        return pack.instruments[rule_id].model_dump(mode="json", exclude_none=True)
    if rule_id == "pack":
        return pack.meta.model_dump(mode="json", exclude_none=True)
    close = sorted(i for i in [*pack.rules, *pack.parameters] if rule_id.split(".")[-1] in i)
    raise PackError(
        Msg("err-no-rule", id=rule_id, pack=pack.ref),
        hint=Msg("hint-did-you-mean", known=", ".join(close[:8]))
        if close
        else Msg("hint-rulebook-list"),
    )


@rulebook_app.command("show")
@runs_on("carborder.rulebook")
def show(
    rule_id: Annotated[str | None, typer.Argument()] = None,
    pack_dir: PackOpt = None,
    lang: LangOpt = Lang.EN,
    fmt: FormatOpt = Format.TABLE,
    list_ids: Annotated[bool, typer.Option("--list")] = False,
) -> None:
    """Show one rule with its citations, in Chinese or English; --list shows every id.

    Its --help (en, zh) is ``help-rulebook-show`` in the catalogue (help.ftl).
    """
    pack = _resolve(pack_dir)
    if list_ids or rule_id is None:
        table = Table(title=f"{pack.ref}")
        table.add_column("id")
        table.add_column("标题" if lang == Lang.ZH else "title")
        table.add_column("confidence")
        for rid, rule in sorted(pack.rules.items()):
            table.add_row(rid, rule.title.get(lang.value), rule.confidence.value)
        for pid, param in sorted(pack.parameters.items()):
            table.add_row(pid, param.title.get(lang.value), pack.confidence_of(pid).value)
        out_console.print(table)
        return
    doc = _rule_doc(pack, rule_id)
    if fmt == Format.JSON:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    title = doc.get("title")
    if isinstance(title, dict):
        out_console.print(f"[bold]{rule_id}[/] — {title.get(lang.value, '')}")
    for key, value in doc.items():
        if key in ("id", "title"):
            continue
        if key == "cites":
            out_console.print("依据：" if lang == Lang.ZH else "cites:")
            for c in value:
                ins = pack.instruments[c["instrument"]]
                name = f"《{ins.title.zh}》" if lang == Lang.ZH else ins.short
                note = f" — {c['note']}" if c.get("note") else ""
                out_console.print(f"  • {name} {c['article']}{note}")
            continue
        rendered = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        )
        out_console.print(f"{key}: {rendered}")
    out_console.print(DISCLAIMER[lang.value], style="dim")


@rulebook_app.command("facts")
@runs_on("carborder.rulebook")
def facts(pack_dir: PackOpt = None, lang: LangOpt = Lang.EN, fmt: FormatOpt = Format.TABLE) -> None:
    """List the fact vocabulary: names, types, allowed values, and what an absent fact means.

    Its --help (en, zh) is ``help-rulebook-facts`` in the catalogue (help.ftl).
    """
    pack = _resolve(pack_dir)
    if fmt == Format.JSON:
        typer.echo(
            json.dumps(
                {k: v.model_dump(mode="json") for k, v in pack.facts.items()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title=f"{pack.ref} — facts")
    for col in ("fact", "type", "values", "if absent", "meaning"):
        table.add_column(col)
    for name, spec in pack.facts.items():
        values = "catalogue item ids" if spec.values_from else ", ".join(spec.values or [])
        table.add_row(name, spec.type, values, spec.absent, spec.zh if lang == Lang.ZH else spec.en)
    out_console.print(table)


@rulebook_app.command("diff")
@runs_on("carborder.rulebook")
def diff(
    a: Annotated[str, typer.Argument()],
    b: Annotated[str, typer.Argument()],
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
) -> None:
    """What changed between two packs: rules and parameters added, removed or changed.

    Its --help (en, zh) is ``help-rulebook-diff`` in the catalogue (help.ftl).
    """
    old, new = _resolve(a), _resolve(b)
    old_docs = {
        **{k: v.model_dump(mode="json") for k, v in old.rules.items()},
        **{k: v.model_dump(mode="json") for k, v in old.parameters.items()},
    }
    new_docs = {
        **{k: v.model_dump(mode="json") for k, v in new.rules.items()},
        **{k: v.model_dump(mode="json") for k, v in new.parameters.items()},
    }
    added = sorted(set(new_docs) - set(old_docs))
    removed = sorted(set(old_docs) - set(new_docs))
    changed = {}
    for k in sorted(set(old_docs) & set(new_docs)):
        if old_docs[k] != new_docs[k]:
            changed[k] = sorted(
                f
                for f in set(old_docs[k]) | set(new_docs[k])
                if old_docs[k].get(f) != new_docs[k].get(f)
            )
    if fmt == Format.JSON:
        typer.echo(
            json.dumps(
                {
                    "from": old.ref,
                    "to": new.ref,
                    "added": added,
                    "removed": removed,
                    "changed": changed,
                },
                indent=2,
            )
        )
        return
    out_console.print(f"{old.ref} → {new.ref}")
    for k in added:
        out_console.print(f"[green]+ {k}[/]")
    for k in removed:
        out_console.print(f"[red]- {k}[/]")
    for k, fields in changed.items():
        out_console.print(f"[yellow]~ {k}[/] ({messages(lang.value).join(fields)})")
    if not (added or removed or changed):
        out_console.print(messages(lang.value)("rulebook-diff-none"))


def register(app: typer.Typer) -> None:
    """Add the rulebook group to the app."""
    app.add_typer(rulebook_app, name="rulebook")
