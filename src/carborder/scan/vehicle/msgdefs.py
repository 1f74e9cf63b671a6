"""Teach a rosbags typestore message types from the definition text stored in bags and MCAP."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["register_msgdef", "typestore_name"]

_MSG_SPLIT = re.compile(r"^={10,}\s*$", re.MULTILINE)


def typestore_name(name: str) -> str:
    """Normalise ``pkg/Type`` (ROS 1 style) to ``pkg/msg/Type``.

    >>> typestore_name("sensor_msgs/NavSatFix"), typestore_name("sensor_msgs/msg/Image")
    ('sensor_msgs/msg/NavSatFix', 'sensor_msgs/msg/Image')
    """
    parts = name.split("/")
    return f"{parts[0]}/msg/{parts[1]}" if len(parts) == 2 else name


def register_msgdef(store: Any, name: str, text: str) -> str:
    """Register ``name`` (and its dependencies) from ``text`` unless known; return its key.

    The text is the type's definition followed by its dependencies, each after a line of
    '=' and ``MSG: pkg/Type`` (the layout of ROS 1 connection headers, ``ros1msg`` and
    ``ros2msg`` MCAP schemas).
    """
    from rosbags.typesys import get_types_from_msg

    key = typestore_name(name)
    if key in store.fielddefs:
        return key
    sections = [s.strip("\n") for s in _MSG_SPLIT.split(text)]
    types = dict(get_types_from_msg(sections[0], key))
    for section in sections[1:]:
        head, _, body = section.partition("\n")
        dep = head.removeprefix("MSG:").strip()
        types.update(get_types_from_msg(body, typestore_name(dep)))
    store.register({k: v for k, v in types.items() if k not in store.fielddefs})
    return key
