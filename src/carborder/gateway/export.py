"""The export gateway: scan, decide, de-identify, re-scan, commit atomically, sign, count, audit.

Order of a run and what a crash at each point leaves behind:

1. scan inputs (or reuse the stored scan of byte-identical files), decide the flow as of now
   with the plan's promised facts; refuse unless the status is ``allowed``;
2. stream the plan into a hidden, locked temp dir beside the output (tables through Arrow,
   vehicle files rewritten into the same name and format); fsync every file;
3. re-scan the temp output; refuse if a fact the plan promised to remove is still present;
4. write the signed manifest last, fsync; record the run as ``committing`` with its
   pending counter delta;
5. rename the temp dir into place (the commit point) and fsync the parent;
6. in one transaction: merge the counters (HLL union), store the manifest, mark the run
   ``released``, append the audit event.

A kill before 5 leaves only a hidden temp dir (removed by the next run) and no counter
change. A kill between 5 and 6 leaves a complete, signed output whose counters are applied
by :func:`recover_runs` on the next start: counters never change without a manifest.
"""

from __future__ import annotations

import base64
import functools
import getpass
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from carborder.audit.chain import canonical_json, format_time
from carborder.audit.clock import Clock, system_clock
from carborder.audit.events import (
    DecisionRecorded,
    ExportRecovered,
    ExportRefused,
    ExportReleased,
    ScanRecorded,
    ThresholdWarning,
)
from carborder.deid.base import OperatorContext
from carborder.deid.keys import Keyring
from carborder.deid.plan import (
    TABULAR,
    CompiledMediaPlan,
    CompiledPlan,
    check_plan_formats,
    compile_media_plan,
    compile_plan,
    promise_of,
    promised_facts,
)
from carborder.errors import InputError, RefusedError
from carborder.gateway._io import InputFile, expand_inputs, open_input, write_parquet
from carborder.gateway._media import deidentify_into, input_format
from carborder.gateway.files import (
    LockedTempDir,
    commit_dir,
    fsync_file,
    remove_stale_temp_dirs,
    sha256_file,
)
from carborder.gateway.manifest import (
    MANIFEST_NAME,
    file_entry,
    sign_manifest,
    verify_manifest,
    write_manifest,
)
from carborder.gateway.scanning import Scanner, ScanOutcome, engine_scanner, subject_column
from carborder.gateway.signing import load_or_create_signing_key
from carborder.gateway.thresholds import COUNTER_FACTS, crossing_warnings, thresholds_of
from carborder.model.approval import Approval
from carborder.model.decision import Decision, Status
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient
from carborder.rulebook.pack import Pack
from carborder.store.repository import Store, StoredDecision, StoredScan
from carborder.store.sketch import DistinctSketch, identity_digest

__all__ = [
    "Decider",
    "ExportResult",
    "export",
    "recover_runs",
]

#: Called with a stage name as the run progresses (pipelines, progress bars, crash tests).
Progress = Callable[[str], None]


class Decider(Protocol):
    """The decision function (``carborder.decide.decide`` by default)."""

    def __call__(
        self,
        flow: Flow,
        *,
        assets: Mapping[str, Facts],
        handler: Handler,
        recipient: Recipient,
        ytd: Any,
        approvals: Sequence[Approval],
        pack: Pack,
        as_of: date,
    ) -> Decision:
        """Decide one flow."""


@dataclass
class ExportResult:
    """What an export did; ``exit_code`` is 0 released/unchanged/dry-run, 1 refused."""

    status: Literal["released", "refused", "dry_run", "unchanged"]
    run_id: str
    flow: str
    decision_id: str | None = None
    decision_status: str | None = None
    pathway: str | None = None
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    message_zh: str = ""
    output: Path | None = None
    manifest: Path | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    warnings: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    broken_promises: list[str] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """CLI exit code."""
        return 1 if self.status == "refused" else 0

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "status": self.status,
            "run_id": self.run_id,
            "flow": self.flow,
            "decision_id": self.decision_id,
            "decision_status": self.decision_status,
            "pathway": self.pathway,
            "reasons": self.reasons,
            "message": self.message,
            "message_zh": self.message_zh,
            "output": str(self.output) if self.output else None,
            "manifest": str(self.manifest) if self.manifest else None,
            "files": self.files,
            "rows": self.rows,
            "warnings": self.warnings,
            "counters": self.counters,
            "broken_promises": self.broken_promises,
            "plan": self.plan,
        }


@dataclass
class _Context:
    workspace: Path
    store: Store
    inventory: Inventory
    pack: Pack
    flow: Flow
    asset: str
    actor: str
    clock: Clock
    progress: Progress
    run_id: str
    #: Extra parts of the scan-reuse key: what besides the file bytes shapes a scan's facts.
    scan_key: tuple[str, ...] = ()


def export(
    flow_id: str,
    *,
    workspace: Path,
    inputs: Sequence[Path],
    output: Path,
    dry_run: bool = False,
    inventory: Inventory | None = None,
    pack: Pack | None = None,
    store: Store | None = None,
    scanner: Scanner | None = None,
    decider: Decider | None = None,
    keyring: Keyring | None = None,
    asset: str | None = None,
    subject: str | None = None,
    actor: str | None = None,
    clock: Clock = system_clock,
    progress: Progress | None = None,
) -> ExportResult:
    """Export ``inputs`` for one flow of the workspace, or refuse.

    Args:
        flow_id: Flow id from the inventory.
        workspace: Workspace folder (keys, database and stored scans live in ``.carborder/``).
        inputs: Tables (Parquet, CSV...) and vehicle files (MCAP, ROS 1 bags, CAN logs,
            images, video), or folders of them; each is routed by its format.
        output: Output directory; must not exist (or be empty), unless it holds the
            verified output of an identical earlier run (then nothing is written again).
        dry_run: Decide and validate the plan only; write nothing.
        inventory: Inventory (default: loaded from the workspace).
        pack: Rulebook pack (default: the workspace's pack).
        store: Store (default: the workspace database).
        scanner: Scanner (default: the scan engine).
        decider: Decision function (default: ``carborder.decide.decide``).
        keyring: Pseudonymisation keys (default: env var + ``.carborder/keys/pseudonym``).
        asset: Asset the inputs belong to (default: the flow's first asset).
        subject: Column identifying individuals for the counters (default: strongest
            identifier column found by the scan; without one every row counts as a person;
            each vehicle file counts as one person, the vehicle's driver).
        actor: Who runs the export (default: the OS user).
        clock: UTC clock; ``as_of`` of the decision is its date.
        progress: Called with each stage name.

    Returns:
        An :class:`ExportResult` (refusals are results, not exceptions).

    Raises:
        InputError: unknown flow, unreadable input, bad plan params, output in the way.
    """
    workspace = Path(workspace).resolve()
    output = Path(output).resolve()
    own_store = store is None
    ws_pack, ws_inventory, ws_url = _workspace_parts(workspace, pack, inventory, store)
    st = store or Store.for_workspace(workspace, url=ws_url, clock=clock)
    try:
        flow = _flow(ws_inventory, flow_id)
        ctx = _Context(
            workspace=workspace,
            store=st,
            inventory=ws_inventory,
            pack=ws_pack,
            flow=flow,
            asset=asset or flow.assets[0],
            actor=actor or _user(),
            clock=clock,
            progress=progress or (lambda _stage: None),
            run_id=uuid.uuid4().hex,
            scan_key=_scan_key(workspace) if scanner is None else (),
        )
        if ctx.asset not in flow.assets:
            raise InputError(
                f"asset '{ctx.asset}' is not carried by flow '{flow.id}'",
                hint=f"flow assets: {', '.join(flow.assets)}",
            )
        recover_runs(st, actor=ctx.actor)
        remove_stale_temp_dirs(output.parent)
        return _run(
            ctx,
            inputs=expand_inputs([Path(p) for p in inputs]),
            output=output,
            dry_run=dry_run,
            scanner=scanner or _workspace_scanner(workspace),
            decider=decider or _default_decider(),
            keyring=keyring or Keyring.load(workspace / ".carborder" / "keys" / "pseudonym"),
            subject=subject,
        )
    finally:
        if own_store:
            st.close()


def _workspace_parts(
    workspace: Path, pack: Pack | None, inventory: Inventory | None, store: Store | None
) -> tuple[Pack, Inventory, str | None]:
    if pack is not None and inventory is not None:
        return pack, inventory, None
    from carborder.workspace.config import Workspace

    ws = Workspace.open(workspace)
    p = pack or ws.pack()
    return p, inventory or ws.inventory(p), None if store is not None else ws.store_url()


def _scan_key(workspace: Path) -> tuple[str, ...]:
    """Scanner version and the sensitive-areas and DBC file hashes, as parts of the scan-reuse key."""
    from carborder import __version__
    from carborder.workspace.config import CONFIG_NAME, Workspace

    key = [f"scanner-{__version__}"]
    if (workspace / CONFIG_NAME).is_file():
        ws = Workspace.open(workspace)
        areas = ws.sensitive_areas_path()
        if areas is not None:
            key.append("areas-" + hashlib.sha256(areas.read_bytes()).hexdigest())
        for dbc in ws.dbc_paths():
            key.append("dbc-" + hashlib.sha256(dbc.read_bytes()).hexdigest())
    return tuple(key)


def _workspace_scanner(workspace: Path) -> Scanner:
    """The scan engine with the workspace's sensitive areas and DBCs, as assess and explain see them."""
    from carborder.workspace.config import CONFIG_NAME, Workspace

    if not (workspace / CONFIG_NAME).is_file():
        return engine_scanner
    ws = Workspace.open(workspace)
    return functools.partial(
        engine_scanner, sensitive_areas=ws.sensitive_areas_path(), dbc=ws.dbc_paths()
    )


def _default_decider() -> Decider:
    from carborder.decide import decide

    return decide


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _flow(inventory: Inventory, flow_id: str) -> Flow:
    for f in inventory.flows:
        if f.id == flow_id:
            return f
    raise InputError(
        f"unknown flow '{flow_id}'",
        hint=f"flows in the inventory: {', '.join(f.id for f in inventory.flows) or 'none'}",
    )


# -- the run --------------------------------------------------------------------------------


def _run(
    ctx: _Context,
    *,
    inputs: list[Path],
    output: Path,
    dry_run: bool,
    scanner: Scanner,
    decider: Decider,
    keyring: Keyring,
    subject: str | None,
) -> ExportResult:
    flow, store = ctx.flow, ctx.store
    # The plan must fit the inputs' formats before anything is read or scanned.
    formats = {p: input_format(p) for p in inputs}
    check_plan_formats(flow.deid, {p.name: fmt for p, fmt in formats.items()})
    media = {
        p: compile_media_plan(flow.deid, fmt, OperatorContext(keyring=keyring))
        for p, fmt in formats.items()
        if fmt != TABULAR
    }
    files = [open_input(p) for p in inputs if formats[p] == TABULAR]
    digests = {str(p): sha256_file(p) for p in inputs}
    before = _scan_inputs(ctx, inputs, digests, scanner)
    ctx.progress("scanned")

    column_kinds = {c: frozenset(k) for c, k in before.columns.items()}
    op_ctx = OperatorContext(keyring=keyring, column_kinds=column_kinds)
    plans = [compile_plan(flow.deid, f.schema, op_ctx, skip_media=True) for f in files]
    if subject is not None and not files:
        raise InputError("--subject names a column; these inputs have no table", key="subject")
    subject_col = subject or (subject_column(before, files[0].schema.names) if files else None)
    if subject_col is not None and any(subject_col not in f.schema.names for f in files):
        raise InputError(f"subject column '{subject_col}' is not in every input", key="subject")

    as_of = ctx.clock().date()
    assets = _asset_facts(ctx, before, column_kinds)
    delta = _identities(files, subject_col, assets[ctx.asset], list(media))
    decision = _decide(ctx, assets, delta, decider, as_of)
    ctx.progress("decided")
    result = ExportResult(
        status="dry_run" if dry_run else "released",
        run_id=ctx.run_id,
        flow=flow.id,
        decision_id=decision.decision_id,
        decision_status=decision.status.value,
        pathway=decision.pathway.value,
        reasons=list(decision.reasons),
        plan=_plan_manifest(plans, media),
    )
    if decision.status != Status.ALLOWED:
        return _refuse_decision(ctx, result, decision, dry_run)
    if dry_run:
        result.message = f"dry run: flow {flow.id} would be released ({decision.summary_en})"
        result.message_zh = f"试运行：流程 {flow.id} 可以导出（{decision.summary_zh}）"
        return result

    store.start_run(ctx.run_id, flow.id)
    with LockedTempDir(output, ctx.run_id) as tmp:
        written, media_done = _write_outputs(
            tmp.path, inputs, files, plans, media, workspace=ctx.workspace
        )
        ctx.progress("written")
        after = scanner([tmp.path / w["path"] for w in written])
        ctx.progress("rescanned")
        detected = before.facts
        promised = promised_facts(flow.deid, detected, column_kinds)
        broken = promise_of(detected, promised).broken_by(after.facts)
        if broken:
            return _refuse_rescan(ctx, result, broken)
        body = _manifest_body(
            ctx,
            decision,
            inputs,
            digests,
            written,
            _plan_manifest(plans, media),
            media_done,
            before,
            after,
            delta,
            subject_col,
        )
        key = load_or_create_signing_key(ctx.workspace / ".carborder" / "keys")
        manifest_path = write_manifest(tmp.path, sign_manifest(body, key))
        manifest_sha = sha256_file(manifest_path)
        ctx.progress("manifest")

        if output.exists() and not (output.is_dir() and not any(output.iterdir())):
            return _existing_output(ctx, result, output, written)
        pending = {
            kind: base64.b64encode(json.dumps(_blobs(sk)).encode()).decode()
            for kind, sk in delta.items()
        }
        with store.session() as s:
            store.update_run(
                s,
                ctx.run_id,
                status="committing",
                output=str(output),
                decision_id=decision.decision_id,
                manifest_sha256=manifest_sha,
                pending={"year": as_of.year, "handler": ctx.inventory.handler.id, "delta": pending},
            )
        ctx.progress("committing")
        tmp.release_lock_file()
        commit_dir(tmp.path, output)
    ctx.progress("committed")
    counters = _finish_release(ctx.store, ctx.run_id, actor=ctx.actor)
    ctx.progress("counted")

    result.output = output
    result.manifest = output / MANIFEST_NAME
    result.files = written
    result.rows = sum(int(w["rows"] or 0) for w in written)
    result.counters = counters
    result.warnings = _threshold_warnings(ctx, as_of, counters, delta)
    unit_en, unit_zh = ("rows/messages", "行/消息") if media else ("rows", "行")
    result.message = (
        f"released: flow {flow.id}, {len(written)} file(s), {result.rows} {unit_en}, "
        f"decision {decision.decision_id} ({decision.pathway.value})"
    )
    result.message_zh = (
        f"已导出：流程 {flow.id}，{len(written)} 个文件，{result.rows} {unit_zh}，"
        f"决定 {decision.decision_id}（{decision.pathway.value}）"
    )
    return result


def _scan_inputs(
    ctx: _Context, inputs: list[Path], digests: dict[str, str], scanner: Scanner
) -> ScanOutcome:
    # Reuse a stored scan only when the same bytes were scanned by the same scanner version with
    # the same sensitive areas and DBCs; anything else could carry less strict facts (fail closed).
    key_files = {**digests, **{f"<{k}>": k for k in ctx.scan_key}}
    stored = ctx.store.find_scan(list(key_files.values()))
    if stored is not None:
        return ScanOutcome(stored.facts, stored.evidence, stored.columns, stored.rows)
    outcome = scanner(inputs)
    digests = key_files
    scan_id = StoredScan.input_digest(list(digests.values()))[:32]
    ctx.store.record_scan(
        StoredScan(
            id=scan_id,
            created=format_time(ctx.clock()),
            files=digests,
            facts=outcome.facts,
            evidence=outcome.evidence,
            columns=outcome.columns,
            rows=outcome.rows,
        )
    )
    ctx.store.record_event(
        ScanRecorded(
            scan_id=scan_id,
            files=sorted(digests.values()),
            facts_sha256=hashlib.sha256(canonical_json(outcome.facts)).hexdigest(),
        ),
        actor=ctx.actor,
    )
    return outcome


def _approvals(ctx: _Context) -> list[Approval]:
    merged = {a.id: a for a in ctx.inventory.approvals}
    for a in ctx.store.list_approvals():
        merged[a.id] = a  # the database is the live record (revocations land there)
    return [merged[k] for k in sorted(merged)]


def _asset_facts(
    ctx: _Context, before: ScanOutcome, column_kinds: dict[str, frozenset[str]]
) -> dict[str, Facts]:
    """Facts per asset of the flow, as they will be when the data leaves.

    The exported asset gets declared ∪ detected facts with the plan's promises applied.
    """
    from carborder.decide.merge import merge_declared_detected

    assets: dict[str, Facts] = {}
    for asset_id in ctx.flow.assets:
        declared = dict(ctx.inventory.asset(asset_id).facts)
        if asset_id == ctx.asset:
            merged, _conflicts = merge_declared_detected(ctx.pack, declared, before.facts)
            assets[asset_id] = promised_facts(ctx.flow.deid, merged, column_kinds)
        else:
            assets[asset_id] = declared
    return assets


def _decide(
    ctx: _Context,
    assets: dict[str, Facts],
    delta: dict[str, DistinctSketch],
    decider: Decider,
    as_of: date,
) -> Decision:
    from carborder.decide.engine import YearToDate

    inv, flow = ctx.inventory, ctx.flow
    # Year to date = counters declared in the inventory + the union of the stored sketch and
    # this export's individuals (someone exported twice counts once).
    stored = ctx.store.counters(inv.handler.id, as_of.year)
    totals: list[int] = []
    for kind, declared in zip(
        COUNTER_FACTS, (inv.counters.individuals, inv.counters.sensitive_individuals), strict=True
    ):
        union = DistinctSketch()
        if kind in stored:
            union.merge(stored[kind])
        if kind in delta:
            union.merge(delta[kind])
        totals.append(declared + union.estimate)
    ytd = YearToDate(individuals=totals[0], sensitive_individuals=totals[1])
    approvals = _approvals(ctx)
    decision = decider(
        flow,
        assets=assets,
        handler=inv.handler,
        recipient=inv.recipient(flow.recipient),
        ytd=ytd,
        approvals=approvals,
        pack=ctx.pack,
        as_of=as_of,
    )
    record = StoredDecision(
        id=decision.decision_id,
        flow_id=flow.id,
        as_of=as_of.isoformat(),
        pack=decision.pack,
        status=decision.status.value,
        pathway=decision.pathway.value,
        input={
            "flow": flow.model_dump(mode="json"),
            "assets": assets,
            "handler": inv.handler.model_dump(mode="json"),
            "recipient": inv.recipient(flow.recipient).model_dump(mode="json"),
            "ytd": [ytd.individuals, ytd.sensitive_individuals],
            "approvals": [a.model_dump(mode="json") for a in approvals],
            "pack": decision.pack,
            "as_of": as_of.isoformat(),
        },
        result=decision.model_dump(mode="json"),
        requested_by=ctx.actor,
    )
    with ctx.store.session() as s:
        digest = ctx.store.record_decision(s, record)
        ctx.store.append_event(
            s,
            DecisionRecorded(
                decision_id=decision.decision_id,
                flow_id=flow.id,
                status=decision.status.value,
                pathway=decision.pathway.value,
                pack=decision.pack,
                as_of=as_of.isoformat(),
                input_sha256=digest,
            ),
            actor=ctx.actor,
        )
    return decision


def _year_to_date(ctx: _Context, year: int) -> tuple[int, int]:
    sketches = ctx.store.counters(ctx.inventory.handler.id, year)
    inv = ctx.inventory.counters
    return (
        inv.individuals
        + (sketches[COUNTER_FACTS[0]].estimate if COUNTER_FACTS[0] in sketches else 0),
        inv.sensitive_individuals
        + (sketches[COUNTER_FACTS[1]].estimate if COUNTER_FACTS[1] in sketches else 0),
    )


# -- refusals -------------------------------------------------------------------------------


def _facts_of_reasons(decision: Decision) -> list[str]:
    out: list[str] = []
    for step in decision.trace:
        if step.rule in decision.reasons and step.result in ("true", "unknown"):
            for name, value in sorted(step.inputs.items()):
                item = f"{name}={json.dumps(value, ensure_ascii=False, default=str)}"
                if item not in out:
                    out.append(item)
    return out


def _refuse_decision(
    ctx: _Context, result: ExportResult, decision: Decision, dry_run: bool
) -> ExportResult:
    facts = _facts_of_reasons(decision)
    missing = ", ".join(decision.missing_facts)
    rules = ", ".join(decision.reasons) or "(none)"
    result.status = "refused"
    result.message = (
        f"refused: flow {ctx.flow.id} is '{decision.status.value}' on pathway "
        f"'{decision.pathway.value}' — rules: {rules}"
        + (f"; facts: {'; '.join(facts)}" if facts else "")
        + (f"; unknown facts: {missing}" if missing else "")
        + f". {decision.summary_en}"
    )
    result.message_zh = (
        f"拒绝导出：流程 {ctx.flow.id} 状态为「{decision.status.value}」，路径「"
        f"{decision.pathway.value}」—— 规则：{rules}"
        + (f"；事实：{'；'.join(facts)}" if facts else "")
        + (f"；未知事实：{missing}" if missing else "")
        + f"。{decision.summary_zh}"
    )
    with ctx.store.session() as s:
        if not dry_run:
            from carborder.store.tables import ExportRunRow

            s.add(
                ExportRunRow(
                    id=ctx.run_id,
                    flow_id=ctx.flow.id,
                    status="refused",
                    created=ctx.store.now(),
                    finished=ctx.store.now(),
                    decision_id=decision.decision_id,
                    error_json=json.dumps({"code": RefusedError.code, "reasons": decision.reasons}),
                )
            )
        ctx.store.append_event(
            s,
            ExportRefused(
                run_id=ctx.run_id,
                flow_id=ctx.flow.id,
                code=RefusedError.code,
                reasons=list(decision.reasons),
                message=result.message,
                decision_id=decision.decision_id,
            ),
            actor=ctx.actor,
        )
    return result


def _refuse_rescan(ctx: _Context, result: ExportResult, broken: list[str]) -> ExportResult:
    result.status = "refused"
    result.broken_promises = broken
    result.reasons = ["gateway.rescan"]
    result.message = (
        f"refused: the re-scan of the de-identified output of flow {ctx.flow.id} still finds "
        f"what the plan promised to remove: {'; '.join(broken)}"
    )
    result.message_zh = (
        f"拒绝导出：流程 {ctx.flow.id} 去标识化后的输出经复扫仍含计划承诺去除的内容："
        f"{'；'.join(broken)}"
    )
    with ctx.store.session() as s:
        ctx.store.update_run(
            s,
            ctx.run_id,
            status="refused",
            finished=ctx.store.now(),
            error={"code": "gateway-rescan", "broken": broken},
        )
        ctx.store.append_event(
            s,
            ExportRefused(
                run_id=ctx.run_id,
                flow_id=ctx.flow.id,
                code="gateway-rescan",
                reasons=["gateway.rescan"],
                message=result.message,
                decision_id=result.decision_id,
            ),
            actor=ctx.actor,
        )
    return result


def _existing_output(
    ctx: _Context, result: ExportResult, output: Path, written: list[dict[str, Any]]
) -> ExportResult:
    report = verify_manifest(output)
    same = (
        report.ok
        and report.manifest is not None
        and report.manifest["body"]["flow"] == ctx.flow.id
        and [(f["path"], f["sha256"]) for f in report.manifest["body"]["files"]]
        == [(w["path"], w["sha256"]) for w in written]
    )
    with ctx.store.session() as s:
        ctx.store.update_run(
            s,
            ctx.run_id,
            status="unchanged" if same else "failed",
            finished=ctx.store.now(),
            output=str(output),
        )
    if not same:
        raise InputError(
            "output directory exists and does not hold this export",
            file=output,
            hint="choose a new --output, or remove the old one",
        )
    result.status = "unchanged"
    result.output = output
    result.manifest = output / MANIFEST_NAME
    result.files = written
    result.rows = sum(int(w["rows"] or 0) for w in written)
    result.message = f"unchanged: {output} already holds this export (same file hashes)"
    result.message_zh = f"无变化：{output} 已包含相同的导出（文件哈希一致）"
    return result


# -- writing --------------------------------------------------------------------------------


def _out_names(inputs: list[Path], tabular: set[Path]) -> dict[Path, str]:
    """Output name per input: tables become ``<stem>.parquet``, vehicle files keep their name."""
    names: dict[Path, str] = {}
    for p in inputs:
        stem, suffix = (p.stem, ".parquet") if p in tabular else (p.name, "")
        if p not in tabular and p.suffixes:
            full = "".join(p.suffixes)
            stem, suffix = p.name[: -len(full)], full
        name, n = stem + suffix, 1
        while name in names.values():
            n += 1
            name = f"{stem}-{n}{suffix}"
        names[p] = name
    return names


def _write_outputs(
    tmp: Path,
    inputs: list[Path],
    files: list[InputFile],
    plans: list[CompiledPlan],
    media: dict[Path, CompiledMediaPlan],
    *,
    workspace: Path,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write every output in input order; return manifest entries and what media steps did."""
    tables = {f.path: (f, plan) for f, plan in zip(files, plans, strict=True)}
    names = _out_names(inputs, set(tables))
    written: list[dict[str, Any]] = []
    media_done: list[dict[str, Any]] = []
    for p in inputs:
        path = tmp / names[p]
        if p in tables:
            f, plan = tables[p]
            write_parquet(path, plan.output_schema, plan.run(f.batches))
        else:
            report = deidentify_into(p, path, media[p], workspace=workspace)
            media_done.append(
                {
                    "input": p.name,
                    "path": names[p],
                    "format": media[p].fmt,
                    "operators": media[p].manifest(),
                    "report": report,
                }
            )
        fsync_file(path)
        written.append(file_entry(tmp, path))
    return written, media_done


def _plan_manifest(
    plans: list[CompiledPlan], media: dict[Path, CompiledMediaPlan]
) -> list[dict[str, Any]]:
    """The plan as run: the first table's operators, then media steps not already listed."""
    out = plans[0].manifest() if plans else []
    ops = {o["op"] for o in out}
    for compiled in media.values():
        for entry in compiled.manifest():
            if entry["op"] not in ops:
                out.append(entry)
                ops.add(entry["op"])
    return out


def _identities(
    files: list[InputFile], column: str | None, facts: Facts, vehicle: Sequence[Path] = ()
) -> dict[str, DistinctSketch]:
    """Who this export carries, by counter kind (empty when no PI leaves).

    A vehicle file counts as one person: the driver whose trajectory or cabin it records
    (faces and plates of others are hidden, or the plan leaves them as PI kinds anyway).
    """
    kinds = [
        k
        for k, present in (
            (COUNTER_FACTS[0], bool(facts.get("pi.kinds"))),
            (COUNTER_FACTS[1], bool(facts.get("pi.sensitive_kinds"))),
        )
        if present and facts.get("anonymized") is not True
    ]
    if not kinds:
        return {}
    sketch = DistinctSketch()
    for f in files:
        file_tag = sha256_file(f.path)
        row = 0
        for batch in _column_batches(f, column):
            if column is not None:
                arr = batch.column(batch.schema.get_field_index(column))
                values = pc.unique(pc.cast(pc.drop_null(arr), pa.string())).to_pylist()
                sketch.add_digests(identity_digest(str(v)) for v in values)
            else:  # no identifier column: every row counts as a person (stricter)
                sketch.add_digests(
                    identity_digest(f"{file_tag}:{i}") for i in range(row, row + batch.num_rows)
                )
            row += batch.num_rows
    sketch.add_digests(identity_digest(f"file:{sha256_file(p)}") for p in vehicle)
    return {k: sketch for k in kinds}


def _column_batches(f: InputFile, column: str | None) -> Iterator[pa.RecordBatch]:
    """Batches of one column only when the format allows it (Parquet), else whole batches."""
    if column is not None and f.path.suffix.lower() == ".parquet":
        with pq.ParquetFile(f.path) as pf:
            yield from pf.iter_batches(columns=[column], use_threads=False)
    else:
        yield from f.batches()


def _blobs(sk: DistinctSketch) -> dict[str, str | None]:
    exact, hll = sk.to_blobs()
    return {
        "exact": base64.b64encode(exact).decode() if exact is not None else None,
        "hll": base64.b64encode(hll).decode(),
    }


def _from_blobs(data: dict[str, str | None]) -> DistinctSketch:
    exact = data.get("exact")
    hll = data.get("hll") or ""
    return DistinctSketch.from_blobs(
        base64.b64decode(exact) if exact is not None else None, base64.b64decode(hll)
    )


def _manifest_body(
    ctx: _Context,
    decision: Decision,
    inputs: list[Path],
    digests: dict[str, str],
    written: list[dict[str, Any]],
    operators: list[dict[str, Any]],
    media_done: list[dict[str, Any]],
    before: ScanOutcome,
    after: ScanOutcome,
    delta: dict[str, DistinctSketch],
    subject_col: str | None,
) -> dict[str, Any]:
    return {
        "run_id": ctx.run_id,
        "flow": ctx.flow.id,
        "asset": ctx.asset,
        "recipient": ctx.flow.recipient,
        "decision_id": decision.decision_id,
        "decision_status": decision.status.value,
        "pathway": decision.pathway.value,
        "pack": decision.pack,
        "as_of": decision.as_of.isoformat(),
        "created": format_time(ctx.clock()),
        "actor": ctx.actor,
        "inputs": [
            {"name": p.name, "sha256": digests[str(p)], "bytes": p.stat().st_size} for p in inputs
        ],
        "files": written,
        "operators": operators,
        "scan": {"before": before.facts, "after": after.facts},
        "individuals": {k: v.estimate for k, v in sorted(delta.items())},
        "identity_basis": _identity_basis(
            subject_col, tables=len(media_done) < len(inputs), media=bool(media_done)
        ),
    } | ({"media": media_done} if media_done else {})


def _identity_basis(subject_col: str | None, *, tables: bool, media: bool) -> str:
    """How individuals were counted: an identifier column or rows of tables, files of media."""
    table_basis = f"column:{subject_col}" if subject_col else "rows"
    if not media:
        return table_basis
    return f"{table_basis}+files" if tables else "files"


# -- commit and recovery --------------------------------------------------------------------


def _finish_release(store: Store, run_id: str, *, actor: str) -> dict[str, int]:
    """Apply a committed run's counter delta, store its manifest, audit; idempotent."""
    run = store.get_run(run_id)
    if run is None or run.status != "committing" or run.output is None or run.pending is None:
        return {}
    output = Path(run.output)
    manifest_path = output / MANIFEST_NAME
    doc = json.loads(manifest_path.read_text(encoding="utf-8"))
    counters: dict[str, int] = {}
    with store.session() as s:
        for kind, blob in sorted(run.pending["delta"].items()):
            delta = _from_blobs(json.loads(base64.b64decode(blob)))
            counters[kind] = store.merge_counter(
                s, run.pending["handler"], int(run.pending["year"]), kind, delta
            )
        store.record_manifest(s, run_id, run.manifest_sha256 or "", doc)
        store.update_run(s, run_id, status="released", finished=store.now())
        body = doc["body"]
        store.append_event(
            s,
            ExportReleased(
                run_id=run_id,
                flow_id=run.flow_id,
                decision_id=str(body["decision_id"]),
                output=str(output),
                manifest_sha256=run.manifest_sha256 or "",
                files=len(body["files"]),
                rows=sum(int(f["rows"] or 0) for f in body["files"]),
            ),
            actor=actor,
        )
    return counters


def recover_runs(store: Store, *, actor: str = "carborder") -> list[tuple[str, str]]:
    """Finish or abandon runs interrupted after they were marked ``committing``.

    A run whose output holds its manifest (same SHA-256) was committed: its counters are
    applied now. Otherwise the rename never happened: the run is abandoned, nothing counts.

    Returns:
        (run id, outcome) pairs.
    """
    done: list[tuple[str, str]] = []
    for run in store.runs(status="committing"):
        manifest = Path(run.output or "") / MANIFEST_NAME
        if run.output and manifest.is_file() and sha256_file(manifest) == run.manifest_sha256:
            _finish_release(store, run.id, actor=actor)
            outcome = "released"
        else:
            with store.session() as s:
                store.update_run(s, run.id, status="abandoned", finished=store.now())
            outcome = "abandoned"
        store.record_event(ExportRecovered(run_id=run.id, outcome=outcome), actor=actor)
        done.append((run.id, outcome))
    return done


def _threshold_warnings(
    ctx: _Context, as_of: date, counters: dict[str, int], delta: dict[str, DistinctSketch]
) -> list[str]:
    base = _year_to_date(ctx, as_of.year)
    current = {COUNTER_FACTS[0]: base[0], COUNTER_FACTS[1]: base[1]}
    last = {k: v.estimate for k, v in delta.items()}
    out: list[str] = []
    for t, now in crossing_warnings(thresholds_of(ctx.pack, as_of), current, last):
        out.append(
            f"{t.fact}: {now} individuals exported this year; another export of this size "
            f"({last.get(t.fact, 0)}) would reach {t.id} = {t.value}"
        )
        ctx.store.record_event(
            ThresholdWarning(threshold_id=t.id, fact=t.fact, current=now, limit=t.value),
            actor=ctx.actor,
        )
    return out
