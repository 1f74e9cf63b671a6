"""Evidence samples are masked again at the server, whatever the scanner stored.

Scans already store redacted examples; the server does not rely on that. Every example
shown or returned passes :func:`mask_sample`, which keeps at most a short prefix and suffix
(never more than half of the characters), so a raw identifier cannot reach a page or an API
answer even from an old or foreign scan file.
"""

from __future__ import annotations

__all__ = ["mask_sample"]


def mask_sample(value: object) -> str:
    """Mask an evidence example: a few leading and trailing characters, the rest ``*``.

    >>> mask_sample("13912345678")
    '139******78'
    >>> mask_sample("110101199003077777")
    '110***********7777'
    >>> mask_sample("王小明"), mask_sample("x")
    ('王**', '*')
    >>> mask_sample("199****0052")
    '199******52'
    """
    text = str(value)
    n = len(text)
    head = 3 if n >= 11 else 1 if n >= 2 else 0
    tail = 4 if n >= 15 else 2 if n >= 11 else 0
    return text[:head] + "*" * (n - head - tail) + (text[n - tail :] if tail else "")
