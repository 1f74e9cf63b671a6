"""Evidence uploads: size-limited, type-checked by content, stored by hash (no client paths).

The client's file name is never used to build a path: the file is stored as
``.carborder/evidence/<sha256>.<ext>``, so no name can traverse out of the folder or
overwrite another file, and the same document uploaded twice is kept once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from fastapi import UploadFile

from carborder.errors import Msg
from carborder.web.errors import UploadRejectedError

__all__ = ["ACCEPTED_TYPES", "EvidenceFiles", "sniff_type"]

#: Accepted evidence types: content type → (magic bytes, extension).
ACCEPTED_TYPES: dict[str, tuple[bytes, str]] = {
    "application/pdf": (b"%PDF-", "pdf"),
    "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
    "image/jpeg": (b"\xff\xd8\xff", "jpg"),
}

_CHUNK = 1 << 16


def sniff_type(head: bytes) -> str | None:
    """The accepted content type whose magic bytes ``head`` starts with, if any.

    >>> sniff_type(b"%PDF-1.7 ..."), sniff_type(b"MZ")
    ('application/pdf', None)
    """
    for content_type, (magic, _ext) in ACCEPTED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


class EvidenceFiles:
    """The workspace's evidence folder.

    Args:
        folder: Where files are kept (``<workspace>/.carborder/evidence``).
        max_bytes: Largest file accepted.
    """

    def __init__(self, folder: Path, *, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    def path_of(self, sha256: str | None) -> Path | None:
        """The stored file with this hash, if present."""
        if not sha256 or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            return None
        for _magic, ext in ACCEPTED_TYPES.values():
            candidate = self.folder / f"{sha256}.{ext}"
            if candidate.is_file():
                return candidate
        return None

    def has(self, sha256: str | None) -> bool:
        """Whether the file with this hash is held."""
        return self.path_of(sha256) is not None

    async def store(self, upload: UploadFile) -> str:
        """Check and keep an uploaded file; returns its SHA-256.

        Raises:
            UploadRejectedError: empty, too large (413), or not a PDF/PNG/JPEG by content, or
                declared as another type than its content (415).
        """
        head = await upload.read(16)
        sniffed = sniff_type(head)
        declared = (upload.content_type or "").split(";")[0].strip().lower()
        accepted = Msg("web-hint-upload", types=", ".join(ACCEPTED_TYPES))
        if not head:
            raise UploadRejectedError(Msg("web-upload-empty"), status=422, hint=accepted)
        if sniffed is None:
            raise UploadRejectedError(Msg("web-upload-type"), status=415, hint=accepted)
        if declared not in ("", "application/octet-stream", sniffed):
            raise UploadRejectedError(
                Msg("web-upload-mismatch", declared=declared, sniffed=sniffed),
                status=415,
                hint=Msg("web-hint-upload-mismatch"),
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(head)
        size = len(head)
        fd, tmp = tempfile.mkstemp(prefix=".upload.", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(head)
                while chunk := await upload.read(_CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise UploadRejectedError(
                            Msg("web-upload-large", mib=self.max_bytes // (1024 * 1024)),
                            status=413,
                            hint=Msg("web-hint-upload-large"),
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.folder / f"{sha}.{ACCEPTED_TYPES[sniffed][1]}"
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
            return sha
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
