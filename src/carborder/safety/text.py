"""Text from files shown on a terminal: control bytes are escaped, never echoed.

An error message quoting a damaged file (a garbage DBC, a binary named .csv) would otherwise
send raw control bytes to the terminal, which can garble or even reprogram it.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates (undecodable bytes)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` with control characters shown as escapes (``\x00``), safe for a terminal.

    >>> printable("bad \x00\x1b[2J byte")
    'bad \\x00\\x1b[2J byte'
    >>> printable("车 ok\n")
    '车 ok\n'
    """
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
