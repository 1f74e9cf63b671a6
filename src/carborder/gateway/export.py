"""The export gateway: scan, decide, de-identify, re-scan, commit atomically, sign, count, audit.

Order of a run (one module per stage) and what a crash at each point leaves behind:

1. :mod:`~carborder.gateway.plan_check` — the plan fits the inputs' formats and params;
2. :mod:`~carborder.gateway.scan_reuse` — scan the inputs, or reuse the stored scan of
   byte-identical files; :mod:`~carborder.gateway.decision` — decide the flow as of now with
   the plan's promised facts; refuse unless the status is ``allowed``;
3. :mod:`~carborder.gateway.apply` — stream the plan into a hidden, locked temp dir beside
   the output (tables through Arrow, vehicle files rewritten into the same name and format);
   fsync every file;
4. :mod:`~carborder.gateway.proof` — re-scan the temp output (Parquet outputs in the batches
   handed to their writer, checked against the written file's footer:
   :mod:`~carborder.gateway.written_scan`); refuse if a fact the plan promised to remove is
   still present (when the re-scan finds only faces or plates in
   videos or camera topics of MCAP files, ROS 1 bags and rosbag2 folders,
   :func:`~carborder.gateway._media.second_pass` first re-runs those files with the batch
   search on the frames the re-scan's evidence names and re-scans, a bounded number of times);
5. :mod:`~carborder.gateway.release` — write the signed manifest last, fsync; record the run
   as ``committing`` with its pending counter delta; rename the temp dir into place (the
   commit point) and fsync the parent;
6. :mod:`~carborder.gateway.counting` — in one transaction: merge the counters (HLL union),
   store the manifest, mark the run ``released``, append the audit event.

A kill before 5's rename leaves only a hidden temp dir (removed by the next run) and no
counter change. A kill between the rename and 6 leaves a complete, signed output whose
counters are applied by :func:`recover_runs` on the next start: counters never change
without a manifest.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from carborder.audit.clock import Clock, system_clock
from carborder.deid.keys import Keyring
from carborder.errors import InputError, Msg
from carborder.gateway._io import expand_inputs
from carborder.gateway._media import second_pass, second_pass_note
from carborder.gateway.apply import plan_manifest, write_outputs
from carborder.gateway.bag_folders import content_sha256, outputs_of
from carborder.gateway.context import (
    Decider,
    Progress,
    RunContext,
    default_decider,
    find_flow,
    os_user,
    scan_key,
    workspace_parts,
    workspace_scanner,
)
from carborder.gateway.counting import identities, threshold_warnings
from carborder.gateway.decision import (
    asset_facts,
    counted_delta,
    decide_flow,
    pathway_arg,
    refuse_decision,
)
from carborder.gateway.files import LockedTempDir, remove_stale_temp_dirs
from carborder.gateway.formats import TableFormat
from carborder.gateway.formats import output_format as output_format_of
from carborder.gateway.manifest import MANIFEST_NAME
from carborder.gateway.pending import finish_release, recover_runs
from carborder.gateway.plan_check import check_reach, compile_media, compile_tables, resolve_subject
from carborder.gateway.proof import Leak, Proof, proof_leaks, prove, refuse_rescan
from carborder.gateway.release import (
    ManifestInputs,
    commit,
    manifest_body,
    output_in_the_way,
    unchanged_output,
    write_signed_manifest,
)
from carborder.gateway.result import ExportResult
from carborder.gateway.scan_reuse import scan_inputs
from carborder.gateway.scanning import EngineScanner, Scanner
from carborder.gateway.written_scan import WrittenScans
from carborder.keys.counter import COUNTER_KEY_DIR, counter_key
from carborder.model.decision import Status
from carborder.model.inventory import Inventory
from carborder.rulebook.pack import Pack
from carborder.store.repository import Store

__all__ = [
    "Decider",
    "ExportResult",
    "export",
    "recover_runs",
]


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
    output_format: str = "keep",
) -> ExportResult:
    """Export ``inputs`` for one flow of the workspace, or refuse.

    Args:
        flow_id: Flow id from the inventory.
        workspace: Workspace folder (keys, database and stored scans live in ``.carborder/``).
        inputs: Tables (Parquet, CSV...) and vehicle files (MCAP, ROS 1 bags, rosbag2
            folders, CAN logs, images, video), or folders of them; each is routed by its format.
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
        output_format: ``keep`` (tables leave in their input's format: a GBK CSV stays a GBK
            CSV with its delimiter and quoting, Parquet stays Parquet) or ``parquet``, ``csv``,
            ``tsv``, ``jsonl``, ``arrow``.

    Returns:
        An :class:`ExportResult` (refusals are results, not exceptions).

    Raises:
        InputError: unknown flow, unreadable input, bad plan params, output in the way.
    """
    workspace = Path(workspace).resolve()
    output = Path(output).resolve()
    own_store = store is None
    ws_pack, ws_inventory, ws_url = workspace_parts(workspace, pack, inventory, store)
    st = store or Store.for_workspace(workspace, url=ws_url, clock=clock)
    try:
        flow = find_flow(ws_inventory, flow_id)
        ctx = RunContext(
            workspace=workspace,
            store=st,
            inventory=ws_inventory,
            pack=ws_pack,
            flow=flow,
            asset=asset or flow.assets[0],
            actor=actor or os_user(),
            clock=clock,
            progress=progress or (lambda _stage: None),
            run_id=uuid.uuid4().hex,
            scan_key=scan_key(workspace) if scanner is None else (),
        )
        if ctx.asset not in flow.assets:
            raise InputError(
                Msg("err-asset-not-in-flow", asset=ctx.asset, flow=flow.id),
                hint=Msg("hint-flow-assets", assets=", ".join(flow.assets)),
            )
        recover_runs(st, actor=ctx.actor)
        remove_stale_temp_dirs(output.parent)
        output_format_of(TableFormat("parquet"), output_format)  # an unknown choice: bad input now
        return _run(
            ctx,
            inputs=expand_inputs([Path(p) for p in inputs]),
            output_format=output_format,
            output=output,
            dry_run=dry_run,
            scanner=scanner or workspace_scanner(workspace),
            decider=decider or default_decider(),
            keyring=keyring or Keyring.load(workspace / ".carborder" / "keys" / "pseudonym"),
            subject=subject,
        )
    finally:
        if own_store:
            st.close()


def _run(
    ctx: RunContext,
    *,
    inputs: list[Path],
    output: Path,
    dry_run: bool,
    scanner: Scanner,
    decider: Decider,
    keyring: Keyring,
    subject: str | None,
    output_format: str,
) -> ExportResult:
    flow, store = ctx.flow, ctx.store
    inputs, digests, duplicates = _unique_contents(inputs)
    # The plan must fit the inputs' formats before anything is read or scanned.
    media, table_paths = compile_media(flow, inputs, keyring)
    before = scan_inputs(ctx, inputs, digests, scanner)
    ctx.progress("scanned")

    tables = compile_tables(flow, table_paths, keyring, before)
    hidden = check_reach(before, tables, media)
    subject_col = resolve_subject(subject, before, tables.files)
    as_of = ctx.clock().date()
    assets = asset_facts(ctx, before, before.column_kinds())
    delta, not_counted = counted_delta(
        ctx,
        assets,
        identities(
            tables.files,
            subject_col,
            assets[ctx.asset],
            list(media),
            key=counter_key(ctx.workspace / COUNTER_KEY_DIR),
            pack=ctx.pack,
            as_of=as_of,
        ),
        as_of,
    )
    decision = decide_flow(ctx, assets, delta, decider, as_of)
    ctx.progress("decided")
    result = ExportResult(
        status="dry_run" if dry_run else "released",
        run_id=ctx.run_id,
        flow=flow.id,
        decision_id=decision.decision_id,
        decision_status=decision.status.value,
        pathway=decision.pathway.value,
        reasons=list(decision.reasons),
        plan=plan_manifest(tables, media),
    )
    result.warn(*duplicates, *not_counted)
    if decision.status != Status.ALLOWED:
        return refuse_decision(ctx, result, decision, dry_run)
    if dry_run:
        summary = {"en": decision.summary_en, "zh": decision.summary_zh}
        result.say(Msg("export-dry-run", flow=flow.id, summary=summary))
        return result

    with LockedTempDir(output, ctx.run_id) as tmp:
        store.start_run(ctx.run_id, flow.id)
        # the engine re-scans Parquet outputs in the batches handed to their writer
        scans = (
            WrittenScans(scanner, hidden, before) if isinstance(scanner, EngineScanner) else None
        )
        written, media_done = write_outputs(
            tmp.path,
            inputs,
            tables,
            media,
            workspace=ctx.workspace,
            output_format=output_format,
            scans=scans,
        )
        ctx.progress("written")
        vehicle_outputs = {m["path"] for m in media_done}
        outputs = outputs_of(written)  # a rosbag2 folder once, though its files are listed

        def rescan() -> Proof:
            return prove(
                ctx,
                before,
                scanner,
                [tmp.path / name for name in outputs],
                tables=[tmp.path / name for name in outputs if name not in vehicle_outputs],
                hidden=hidden,
                scanned=scans.tables if scans is not None else None,
            )

        proof = rescan()
        ctx.progress("rescanned")
        redone: list[dict[str, Any]] = []
        if proof.leaks and media_done:
            # Faces or plates the video search let through (videos, camera topics of bags):
            # the batch search on those frames.
            proofs = [proof]

            def again() -> list[Leak]:
                proofs.append(rescan())
                return proof_leaks(proofs[-1])

            redone = second_pass(
                tmp.path, inputs, media, media_done, written, proof_leaks(proof), again
            )
            proof = proofs[-1]
        if proof.broken:
            return refuse_rescan(ctx, result, proof, second_pass=redone)
        result.warn(*(second_pass_note(r) for r in redone))
        body = manifest_body(
            ctx,
            ManifestInputs(
                decision=decision,
                inputs=inputs,
                digests=digests,
                written=written,
                operators=plan_manifest(tables, media),
                media_done=media_done,
                before=before,
                after=proof.after,
                delta=delta,
                subject_col=subject_col,
            ),
        )
        manifest_path = write_signed_manifest(ctx, tmp.path, body)
        ctx.progress("manifest")
        if output_in_the_way(output):
            return unchanged_output(ctx, result, output, written)
        commit(
            ctx,
            tmp,
            output,
            decision=decision,
            manifest_path=manifest_path,
            delta=delta,
            as_of=as_of,
        )
        ctx.progress("committed")
        # still under the run's lock: until it is counted, others see it as in flight
        counters = finish_release(ctx.store, ctx.run_id, actor=ctx.actor)
        ctx.progress("counted")

    result.output = output
    result.manifest = output / MANIFEST_NAME
    result.files = written
    result.rows = sum(int(w["rows"] or 0) for w in written)
    result.counters = counters
    result.warn(*threshold_warnings(ctx, as_of, delta))
    result.say(
        Msg(
            "export-released",
            flow=flow.id,
            files=len(written),
            rows=result.rows,
            unit=Msg("unit-rows-messages" if media else "unit-rows"),
            decision=decision.decision_id,
            pathway=pathway_arg(ctx, decision.pathway.value),
        )
    )
    return result


def _unique_contents(inputs: list[Path]) -> tuple[list[Path], dict[str, str], list[Msg]]:
    """Inputs with the same bytes as an earlier one left out (the data would leave twice).

    Returns:
        (inputs kept, their SHA-256 by path, one warning per input left out).
    """
    kept: list[Path] = []
    digests: dict[str, str] = {}
    first: dict[str, Path] = {}
    warnings: list[Msg] = []
    for p in inputs:
        sha = content_sha256(p)
        if sha in first:
            warnings.append(Msg("warn-duplicate-input", path=str(p), first=str(first[sha])))
            continue
        first[sha] = p
        kept.append(p)
        digests[str(p)] = sha
    return kept, digests, warnings
