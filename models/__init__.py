"""Pydantic models of plans, their facts and claims, regions and the indicator catalog."""

from plancheck.models.catalog import Catalog, Indicator
from plancheck.models.plan import (
    Basis,
    Endpoint,
    Fact,
    Footnote,
    GrowthClaim,
    Omission,
    Period,
    Plan,
    Priority,
    SourceFile,
)
from plancheck.models.region import Region, RegionRegistry

__all__ = [
    "Basis",
    "Catalog",
    "Endpoint",
    "Fact",
    "Footnote",
    "GrowthClaim",
    "Indicator",
    "Omission",
    "Period",
    "Plan",
    "Priority",
    "Region",
    "RegionRegistry",
    "SourceFile",
]
