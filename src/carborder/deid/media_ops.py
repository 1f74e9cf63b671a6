"""Media de-identification steps as registered operators (MCAP, ROS bags, CAN logs, images, video).

They live in the same registry as the tabular operators, so a flow's plan names them the same
way (``{op: blur_regions, targets: [faces, plates]}``) and the decision "after the plan" and
the re-scan promise check use their declared fact changes exactly as for tables. They do not
transform Arrow batches: each one contributes fields of one
:class:`carborder.deid.media.plan.MediaDeidPlan`, which
:func:`carborder.deid.media.dispatch.deidentify_vehicle_file` runs in one pass over a file.

``generalise_geo`` in a plan also coarsens GNSS messages of vehicle files (through
:class:`GeneraliseGnss`): the same parameter, the same promise.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pyarrow as pa
from pydantic import Field, field_validator

from carborder.deid._facts import as_set, coarsened_precision, without
from carborder.deid.base import GEO_KIND, Handling, Operator, OperatorParams
from carborder.deid.generalise_geo import METRES_PER_DEGREE, pow10_step
from carborder.deid.registry import register
from carborder.errors import InputError, Msg
from carborder.model.facts import FactValue

__all__ = [
    "BAG_FORMATS",
    "CAMERA_FORMATS",
    "MEDIA_ALIASES",
    "MEDIA_FORMATS",
    "BlurRegions",
    "BlurRegionsParams",
    "DropCanIds",
    "DropCanIdsParams",
    "DropGnss",
    "DropGnssParams",
    "DropTopics",
    "DropTopicsParams",
    "GeneraliseGnss",
    "GeneraliseGnssParams",
    "MediaOperator",
    "PseudonymiseCanVin",
    "PseudonymiseCanVinParams",
    "Target",
    "gnss_grid_deg",
    "media_alias",
]

#: Vehicle formats media operators can rewrite (names from ``carborder.scan.vehicle.detect_format``).
MEDIA_FORMATS = frozenset({"mcap", "rosbag1", "rosbag2", "can", "image", "video"})
#: Formats that carry topics (and so GNSS messages).
BAG_FORMATS = frozenset({"mcap", "rosbag1", "rosbag2"})
#: Formats that carry camera frames.
CAMERA_FORMATS = frozenset({"mcap", "rosbag1", "rosbag2", "image", "video"})
#: Tabular operator name → the media operator that does the same to vehicle files.
MEDIA_ALIASES: dict[str, str] = {"generalise_geo": "generalise_gnss"}


def media_alias(op: str, params: Mapping[str, Any]) -> str | None:
    """The media operator that does what a tabular step does, for vehicle files (or None).

    ``generalise_geo`` coarsens GNSS fixes; ``drop`` of the ``location`` kind alone (what the
    what-if planner suggests) drops GNSS messages.

    >>> media_alias("generalise_geo", {"precision_m": 1000}), media_alias("drop", {"kinds": ["location"]})
    ('generalise_gnss', 'drop_gnss')
    >>> media_alias("drop", {"columns": ["vin"]}) is None
    True
    """
    if op == "drop" and list(params.get("kinds") or []) == [GEO_KIND] and not params.get("columns"):
        return "drop_gnss"
    return MEDIA_ALIASES.get(op)


#: Cells are sized for the northern edge of China (53.56° N), where a degree of longitude is
#: shortest, so no cell is narrower than ``precision_m`` east-west either.
_EDGE_LAT = 54.0


def gnss_grid_deg(precision_m: float) -> float:
    """Grid step (degrees, a power of ten) no finer than ``precision_m`` in either direction.

    >>> gnss_grid_deg(100), gnss_grid_deg(1000)
    (0.01, 0.1)
    """
    return pow10_step(precision_m / (METRES_PER_DEGREE * math.cos(math.radians(_EDGE_LAT))))


class MediaOperator(Operator[Any]):
    """A step over vehicle files; it sets fields of a ``MediaDeidPlan`` instead of batches.

    Subclasses declare ``formats`` (the vehicle formats it applies to) and implement
    :meth:`configure`.
    """

    # Placeholders so the base class passes the operator contract; it is never registered.
    name: ClassVar[str] = "media"
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = OperatorParams
    formats: ClassVar[frozenset[str]] = MEDIA_FORMATS

    def check(self, schema: pa.Schema) -> None:
        """A media operator never runs on a table.

        Raises:
            InputError: always.
        """
        raise InputError(
            Msg("err-media-op-on-table", op=self.name, formats=", ".join(sorted(self.formats))),
            key=self.name,
            hint=Msg("hint-tabular-inputs"),
        )

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Not a batch operator.

        Raises:
            InputError: always.
        """
        self.check(batch.schema)
        return batch  # pragma: no cover - check always raises

    @abstractmethod
    def configure(self, fields: dict[str, Any]) -> None:
        """Add this step's settings to the ``MediaDeidPlan`` fields being built."""


#: What ``blur_regions`` can hide.
Target = Literal["faces", "plates"]


class BlurRegionsParams(OperatorParams):
    """Parameters of ``blur_regions``."""

    targets: list[Target] = Field(
        default_factory=lambda: list[Target](["faces", "plates"]),
        min_length=1,
        description="What to hide: faces, plates (the detector finds both; both are hidden).",
    )
    method: Literal["blur", "pixelate", "fill"] = Field(
        default="blur", description="How boxes are hidden."
    )
    padding: float = Field(default=0.15, ge=0.0, le=2.0, description="Box padding, share of size.")


@register
class BlurRegions(MediaOperator):
    """Hide faces and licence plates in camera frames (images, video, image topics)."""

    name: ClassVar[str] = "blur_regions"
    example: ClassVar[Mapping[str, Any]] = {"targets": ["faces", "plates"], "method": "pixelate"}
    changes: ClassVar[frozenset[str]] = frozenset(
        {"camera.faces_visible", "camera.plates_visible", "pi.kinds"}
    )
    params_model: ClassVar[type[OperatorParams]] = BlurRegionsParams
    formats: ClassVar[frozenset[str]] = CAMERA_FORMATS

    def configure(self, fields: dict[str, Any]) -> None:
        """Set the region mode and padding."""
        p = self.params
        assert isinstance(p, BlurRegionsParams)
        fields["regions"] = p.method
        fields["pad"] = p.padding

    def handling(self) -> Handling:
        """Faces and plates targeted are hidden in every frame of the file."""
        p = self.params
        assert isinstance(p, BlurRegionsParams)
        targets = {"faces": "face", "plates": "plate"}
        return Handling(kinds=frozenset(targets[t] for t in p.targets if t in targets))

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Targeted faces/plates are no longer visible, and leave ``pi.kinds``."""
        assert isinstance(params, BlurRegionsParams)
        out: dict[str, FactValue] = {}
        removed: set[str] = set()
        if "faces" in params.targets:
            out["camera.faces_visible"] = False
            removed.add("face")
        if "plates" in params.targets:
            out["camera.plates_visible"] = False
            removed.add("plate")
        if removed & as_set(facts, "pi.kinds"):
            out["pi.kinds"] = without(facts, "pi.kinds", removed)
        return out

    @classmethod
    def suggest(
        cls, facts: Mapping[str, FactValue], hints: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Hide faces and plates when a scan saw them."""
        if facts.get("camera.faces_visible") is True or facts.get("camera.plates_visible") is True:
            return [{"targets": ["faces", "plates"]}]
        return []

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Small boxes of each frame are lost."""
        return 0.1


class DropTopicsParams(OperatorParams):
    """Parameters of ``drop_topics``."""

    topics: list[str] = Field(min_length=1, description="Topics removed entirely.")


@register
class DropTopics(MediaOperator):
    """Remove whole topics from MCAP files and ROS bags.

    The kinds the scan found on the dropped topics (``location`` on GNSS topics; camera
    topics, with their ``plate`` / ``face``) leave the data, as for ``drop`` of a column; if
    another topic still carries one, the re-scan finds it and the export is refused.
    """

    name: ClassVar[str] = "drop_topics"
    example: ClassVar[Mapping[str, Any]] = {"topics": ["/camera/cabin/image_raw"]}
    changes: ClassVar[frozenset[str]] = frozenset(
        {
            "geo.present",
            "pi.kinds",
            "pi.sensitive_kinds",
            "camera.outside_vehicle",
            "camera.cabin",
            "camera.faces_visible",
            "camera.plates_visible",
        }
    )
    params_model: ClassVar[type[OperatorParams]] = DropTopicsParams
    formats: ClassVar[frozenset[str]] = BAG_FORMATS

    def configure(self, fields: dict[str, Any]) -> None:
        """Add the topics to drop."""
        p = self.params
        assert isinstance(p, DropTopicsParams)
        fields["drop_topics"] = sorted({*fields.get("drop_topics", []), *p.topics})

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """What the dropped topics carried is gone.

        >>> DropTopics.promise(DropTopicsParams(topics=["/fix"]),
        ...     {"pi.kinds": ["location", "plate"], "pi.sensitive_kinds": ["trajectory"]},
        ...     {"/fix": frozenset({"location"})})
        {'geo.present': False, 'pi.kinds': ['plate'], 'pi.sensitive_kinds': []}
        """
        assert isinstance(params, DropTopicsParams)
        removed: set[str] = set()
        for topic in params.topics:
            removed |= set((column_kinds or {}).get(topic, frozenset()))
        out: dict[str, FactValue] = {}
        if GEO_KIND in removed:
            out["geo.present"] = False
        cameras = {"camera_outside", "camera_cabin"} & removed
        if "camera_outside" in removed:
            out["camera.outside_vehicle"] = False
        if "camera_cabin" in removed:
            out["camera.cabin"] = False
        if cameras:  # the frames are gone, and whatever they showed
            removed |= {"plate", "face"}
        if "plate" in removed:
            out["camera.plates_visible"] = False
        if "face" in removed:
            out["camera.faces_visible"] = False
        if removed & as_set(facts, "pi.kinds"):
            out["pi.kinds"] = without(facts, "pi.kinds", removed)
        gone = {"trajectory"} if GEO_KIND in removed else set()
        gone |= {"cabin_audio_video"} if "camera_cabin" in removed else set()
        if gone & as_set(facts, "pi.sensitive_kinds"):
            out["pi.sensitive_kinds"] = without(facts, "pi.sensitive_kinds", gone)
        return out


class DropCanIdsParams(OperatorParams):
    """Parameters of ``drop_can_ids``."""

    ids: list[int] = Field(min_length=1, description="CAN arbitration IDs (int or '0x1A0').")

    @field_validator("ids", mode="before")
    @classmethod
    def _hex(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [int(v, 0) if isinstance(v, str) else v for v in value]
        return value


@register
class DropCanIds(MediaOperator):
    """Remove every frame with the given arbitration IDs from CAN logs (no fact promised)."""

    name: ClassVar[str] = "drop_can_ids"
    example: ClassVar[Mapping[str, Any]] = {"ids": ["0x3E5", 1312]}
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = DropCanIdsParams
    formats: ClassVar[frozenset[str]] = frozenset({"can"})

    def configure(self, fields: dict[str, Any]) -> None:
        """Add the IDs to drop."""
        p = self.params
        assert isinstance(p, DropCanIdsParams)
        fields["drop_can_ids"] = sorted({*fields.get("drop_can_ids", []), *p.ids})


class GeneraliseGnssParams(OperatorParams):
    """Parameters of ``generalise_gnss``."""

    precision_m: float = Field(gt=0, description="Coarsest precision to keep, metres.")


@register
class GeneraliseGnss(MediaOperator):
    """Snap GNSS fixes (NavSatFix, NMEA) to a power-of-ten grid at least ``precision_m`` wide.

    The covariance is widened to the grid, so the re-scan reads the coarser precision.
    """

    name: ClassVar[str] = "generalise_gnss"
    example: ClassVar[Mapping[str, Any]] = {"precision_m": 1000}
    changes: ClassVar[frozenset[str]] = frozenset({"geo.precision_m"})
    params_model: ClassVar[type[OperatorParams]] = GeneraliseGnssParams
    formats: ClassVar[frozenset[str]] = BAG_FORMATS

    def configure(self, fields: dict[str, Any]) -> None:
        """Coarsen GNSS (unless another step drops it) on the coarsest grid asked for."""
        p = self.params
        assert isinstance(p, GeneraliseGnssParams)
        grid = gnss_grid_deg(p.precision_m)
        if fields.get("gnss") != "drop":
            fields["gnss"] = "coarsen"
        fields["gnss_grid_deg"] = max(grid, float(fields.get("gnss_grid_deg", 0.0)))

    def manifest_params(self) -> dict[str, Any]:
        """Params plus the grid actually used (degrees)."""
        p = self.params
        assert isinstance(p, GeneraliseGnssParams)
        return {"precision_m": p.precision_m, "grid_deg": gnss_grid_deg(p.precision_m)}

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Precision becomes at least ``precision_m`` (as ``generalise_geo``)."""
        assert isinstance(params, GeneraliseGnssParams)
        return coarsened_precision(facts, params.precision_m)


class DropGnssParams(OperatorParams):
    """``drop_gnss`` takes no parameters."""


@register
class DropGnss(MediaOperator):
    """Remove every GNSS message: no positions and no trajectory leave."""

    name: ClassVar[str] = "drop_gnss"
    example: ClassVar[Mapping[str, Any]] = {}
    changes: ClassVar[frozenset[str]] = frozenset({"geo.present", "pi.kinds", "pi.sensitive_kinds"})
    params_model: ClassVar[type[OperatorParams]] = DropGnssParams
    formats: ClassVar[frozenset[str]] = BAG_FORMATS

    def configure(self, fields: dict[str, Any]) -> None:
        """Drop GNSS (wins over any coarsening)."""
        fields["gnss"] = "drop"

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """No positions: ``geo.present`` false, no ``location`` kind, no ``trajectory``."""
        out: dict[str, FactValue] = {"geo.present": False}
        if GEO_KIND in as_set(facts, "pi.kinds"):
            out["pi.kinds"] = without(facts, "pi.kinds", [GEO_KIND])
        if "trajectory" in as_set(facts, "pi.sensitive_kinds"):
            out["pi.sensitive_kinds"] = without(facts, "pi.sensitive_kinds", ["trajectory"])
        return out

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Positions are among the most valuable signals of a drive log."""
        return 0.6


class PseudonymiseCanVinParams(OperatorParams):
    """Parameters of ``pseudonymise_can_vin``."""

    dbc: list[str] = Field(
        default_factory=list,
        description="DBC files naming the VIN signals (relative to the workspace); "
        "empty: the workspace's configured `dbc:` list.",
    )
    key_id: str | None = Field(default=None, description="Pseudonym key id (default: active).")


@register
class PseudonymiseCanVin(MediaOperator):
    """Replace VINs sent on CAN with keyed pseudonyms (HMAC-SHA-256, wrong check digit).

    Pseudonymised data is still personal information, so this operator changes no fact.
    """

    name: ClassVar[str] = "pseudonymise_can_vin"
    example: ClassVar[Mapping[str, Any]] = {"dbc": ["dbc/vehicle.dbc"]}
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = PseudonymiseCanVinParams
    formats: ClassVar[frozenset[str]] = frozenset({"can"})

    def configure(self, fields: dict[str, Any]) -> None:
        """Set the VIN key from the keyring and the DBC files.

        Raises:
            InputError: no pseudonymisation key.
        """
        p = self.params
        assert isinstance(p, PseudonymiseCanVinParams)
        if self.context.keyring is None:
            raise InputError(Msg("err-can-vin-needs-key"), key=self.name)
        fields["vin_key"] = self.context.keyring.key(p.key_id).secret
        fields["dbc"] = [*fields.get("dbc", []), *p.dbc]

    def handling(self) -> Handling:
        """VINs sent on CAN are replaced by pseudonyms."""
        return Handling(kinds=frozenset({"vin"}))

    def manifest_params(self) -> dict[str, Any]:
        """Params plus the key id (never the key)."""
        data: dict[str, Any] = self.params.model_dump(mode="json")
        if self.context.keyring is not None:
            data["key_id"] = self.context.keyring.key(self.params.key_id).id
        return data
