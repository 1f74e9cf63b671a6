"""The data handler (数据处理者): the company whose data leaves China."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from carborder.model._base import Strict

__all__ = ["Handler", "HandlerType"]


class HandlerType(StrEnum):
    """Kinds of automotive data handler named by the 2021 provisions and the 2026 guideline."""

    OEM = "oem"
    COMPONENT_SUPPLIER = "component_supplier"
    SOFTWARE_SUPPLIER = "software_supplier"
    TELECOM_OPERATOR = "telecom_operator"
    AUTONOMOUS_DRIVING_SERVICE = "autonomous_driving_service"
    ONLINE_PLATFORM = "online_platform"
    DEALER = "dealer"
    REPAIR_MAINTENANCE = "repair_maintenance"
    MOBILITY_SERVICE = "mobility_service"
    OTHER = "other"


class Handler(Strict):
    """The exporting organisation."""

    id: str = Field(default="handler", description="Stable id of the handler.")
    name: str | None = Field(default=None, description="Legal name.")
    type: HandlerType = Field(default=HandlerType.OEM, description="Kind of handler.")
    ciio: bool = Field(
        default=False, description="Critical information infrastructure operator (关基运营者)."
    )
    ftz: str | None = Field(
        default=None, description="Free-trade-zone id the handler is registered in, if any."
    )
    province: str | None = Field(default=None, description="Province of registration.")
    processes_important_data: bool = Field(
        default=False,
        description=(
            "The handler processes important data beyond what its inventory shows (the "
            "inventory's own important data is found by the catalogue)."
        ),
    )
    foreign_invested: bool | None = Field(
        default=None,
        description="Foreign-invested enterprise (外商投资企业); null = not declared. Foreign-invested "
        "handlers must entrust a licensed surveying unit with vehicles' surveying data.",
    )
    surveying_unit: Literal["own_qualification", "licensed_unit", "none"] | None = Field(
        default=None,
        description="Who collects and processes vehicles' surveying data: own_qualification (the "
        "handler holds a surveying qualification), licensed_unit (a licensed unit it entrusts) or "
        "none; null = not declared.",
    )
