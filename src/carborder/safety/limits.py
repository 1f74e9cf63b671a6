"""Engineering bounds on what carborder reads, so no input can exhaust memory, stack or time.

These are resource limits, not legal values: each is far above what a real workspace file,
pack, scenario or camera image needs, and far below what would crash or stall a 2-core
machine. A file beyond a bound is bad input (exit 2) with a message naming the bound.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_IMAGE_PIXELS",
    "MAX_IMAGE_SIDE",
    "MAX_JSON_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_YAML_ALIASES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
]

#: Largest YAML file read (pack files, scenarios, inventories, carborder.yaml): 8 MiB.
MAX_YAML_BYTES = 8 << 20
#: Deepest nesting of mappings and sequences in one YAML document.
MAX_YAML_DEPTH = 64
#: Aliases (``*name``) allowed in one YAML document; hand-written files use a few at most.
MAX_YAML_ALIASES = 512
#: Nodes of one YAML document once aliases are expanded (stops "billion laughs").
MAX_YAML_NODES = 1 << 21
#: Digits of a number in a YAML or JSON file (Python refuses to convert beyond 4,300 anyway).
MAX_NUMBER_DIGITS = 64
#: Largest JSON document read whole (sensitive-area GeoJSON, manifests, anchors): 256 MiB.
MAX_JSON_BYTES = 256 << 20
#: Decoded pixels of one image (about 134 megapixels, ~400 MB as BGR): checked in the header.
MAX_IMAGE_PIXELS = 1 << 27
#: Longest side of one image in pixels (JPEG and PNG allow up to 65,535 / 2^31).
MAX_IMAGE_SIDE = 1 << 15
#: Earliest date a decision or approval may carry (before any data-export law).
EARLIEST_DATE = date(1900, 1, 1)
#: Latest such date: deadlines add years to it, and the calendar ends in 9999.
LATEST_DATE = date(2199, 12, 31)
