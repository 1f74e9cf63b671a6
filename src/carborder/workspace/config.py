"""The workspace: carborder.yaml (handler, pack, store) beside an inventory/ folder."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from carborder.errors import InventoryError, Msg, WorkspaceError
from carborder.model.facts import Facts
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.rulebook.loader import BUILTIN_PACKS, builtin_pack, load_pack, pydantic_error
from carborder.rulebook.pack import Pack
from carborder.rulebook.yamlio import read_yaml
from carborder.workspace.io import load_inventory_files

__all__ = ["CONFIG_NAME", "Workspace", "WorkspaceConfig"]

CONFIG_NAME = "carborder.yaml"


class WorkspaceConfig(BaseModel):
    """Contents of ``carborder.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    handler: Handler = Field(default_factory=Handler, description="The exporting organisation.")
    pack: str = Field(
        default=BUILTIN_PACKS[0],
        description="Built-in pack id or a path (relative to the workspace) to a pack directory.",
    )
    store: str = Field(
        default="sqlite:///.carborder/carborder.db",
        description="SQLAlchemy URL; relative SQLite paths are inside the workspace.",
    )
    sensitive_areas: str | None = Field(
        default=None, description="GeoJSON of sensitive areas used by scans (workspace-relative)."
    )
    dbc: list[str] = Field(
        default_factory=list,
        description="DBC files that decode CAN logs in scans (workspace-relative paths).",
    )
    retention_years: int = Field(
        default=3, ge=1, description="Years to keep audit events and manifests (policy setting)."
    )


def _require_handler(cfg: Path, data: object, lines: dict[str, int]) -> None:
    """Refuse a carborder.yaml that does not name its handler.

    Year-to-date head-counts are kept per handler id: a default id would start them again at
    zero (and a threshold would read low), so the id is never guessed.

    Raises:
        WorkspaceError: the file is empty, not a mapping, or has no ``handler.id``.
    """
    handler = data.get("handler") if isinstance(data, dict) else None
    hid = handler.get("id") if isinstance(handler, dict) else None
    if isinstance(hid, str) and hid.strip():
        return
    raise WorkspaceError(
        Msg("err-config-empty" if not data else "err-config-no-handler", config=CONFIG_NAME),
        file=cfg,
        line=lines.get("handler.id") or lines.get("handler"),
        key="handler",
        hint=Msg("hint-config-handler"),
    )


class Workspace:
    """A loaded workspace folder."""

    def __init__(self, root: Path, config: WorkspaceConfig) -> None:
        self.root = root
        self.config = config
        self._pack: Pack | None = None
        self._areas_checked = False

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        """Open a workspace; errors say how to create one."""
        root = Path(root).resolve()
        cfg = root / CONFIG_NAME
        if not cfg.is_file():
            raise WorkspaceError(
                Msg("err-no-workspace", config=CONFIG_NAME),
                file=root,
                hint=Msg("hint-no-workspace", root=str(root)),
            )
        docs = read_yaml(cfg, InventoryError)
        data, lines = docs[0] if docs else ({}, {})
        _require_handler(cfg, data, lines)
        try:
            config = WorkspaceConfig.model_validate(data or {})
        except ValidationError as exc:
            raise pydantic_error(exc, cfg, lines, cls=WorkspaceError) from None
        return cls(root, config)

    @property
    def state_dir(self) -> Path:
        """Where carborder keeps its database, keys and scans."""
        return self.root / ".carborder"

    def pack(self, override: Path | None = None) -> Pack:
        """The pack named in the config (or ``override``)."""
        if override is not None:
            return load_pack(override)
        if self._pack is None:
            name = self.config.pack
            # a built-in pack is the one the scan engine reads its vocabulary from: load it once
            self._pack = (
                builtin_pack(name) if name in BUILTIN_PACKS else load_pack(self.root / name)
            )
        return self._pack

    def inventory_files(self) -> list[Path]:
        """Inventory YAML files, in name order."""
        folder = self.root / "inventory"
        if not folder.is_dir():
            raise WorkspaceError(
                Msg("err-no-inventory-dir"), file=self.root, hint=Msg("hint-run-init")
            )
        return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])

    def inventory(self, pack: Pack | None = None) -> Inventory:
        """The inventory, with the handler from carborder.yaml."""
        inv = load_inventory_files(self.inventory_files(), pack or self.pack())
        self.sensitive_areas_path()  # a malformed areas file is bad input for every command
        return inv.model_copy(update={"handler": self.config.handler})

    def store_url(self) -> str:
        """SQLAlchemy URL with relative SQLite paths resolved inside the workspace."""
        url = self.config.store
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/"):
            return prefix + str((self.root / url[len(prefix) :]).resolve())
        return url

    def sensitive_areas_path(self) -> Path | None:
        """The sensitive-area GeoJSON configured for scans, resolved inside the workspace."""
        if not self.config.sensitive_areas:
            return None
        path = (self.root / self.config.sensitive_areas).resolve()
        if not path.is_file():
            raise WorkspaceError(
                Msg("err-areas-file-missing"),
                file=self.root / CONFIG_NAME,
                key="sensitive_areas",
                hint=Msg("hint-areas-file-missing", path=str(path)),
            )
        if not self._areas_checked:
            from carborder.scan.geo.areas import SensitiveAreas

            SensitiveAreas.from_file(path)  # a malformed file: bad input here, not mid-export
            self._areas_checked = True
        return path

    def dbc_paths(self) -> list[Path]:
        """The DBC files configured for scans of CAN logs, resolved inside the workspace.

        Raises:
            WorkspaceError: a configured file does not exist.
        """
        paths = []
        for i, name in enumerate(self.config.dbc):
            path = (self.root / name).resolve()
            if not path.is_file():
                raise WorkspaceError(
                    Msg("err-dbc-file-missing", name=name),
                    file=self.root / CONFIG_NAME,
                    key=f"dbc[{i}]",
                    hint=Msg("hint-dbc-file-missing", path=str(path)),
                )
            paths.append(path)
        return paths

    def detected_facts(self) -> dict[str, Facts]:
        """Facts detected by scans saved in this workspace, by asset id."""
        out: dict[str, Facts] = {}
        folder = self.state_dir / "scans"
        if not folder.is_dir():
            return out
        for f in sorted(folder.glob("*.json")):
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise WorkspaceError(
                    Msg("err-scan-result-unreadable", detail=str(exc)),
                    file=f,
                    hint=Msg("hint-rerun-scan"),
                ) from exc
            facts = data.get("facts", {}) if isinstance(data, dict) else {}
            out[f.stem] = facts
        return out
