"""Errors of the server, each with a stable code and the HTTP status it maps to."""

from __future__ import annotations

from typing import ClassVar

from carborder.errors import CarborderError, InputError, Msg

__all__ = ["ConflictError", "NotFoundError", "SeparationOfDutiesError", "UploadRejectedError"]


class NotFoundError(InputError):
    """The object asked for does not exist (HTTP 404)."""

    code = "not-found"
    status: ClassVar[int] = 404


class ConflictError(InputError):
    """The object is not in a state that allows this action (HTTP 409)."""

    code = "conflict"
    status: ClassVar[int] = 409


class UploadRejectedError(InputError):
    """An uploaded file is too large or not of an accepted type (HTTP 413 or 415)."""

    code = "upload-rejected"

    def __init__(self, message: str | Msg, *, status: int, hint: str | Msg | None = None) -> None:
        self.status = status
        super().__init__(message, hint=hint)


class SeparationOfDutiesError(CarborderError):
    """The same person may not do both steps: request and approve, draft and sign (HTTP 403)."""

    code = "separation-of-duties"
    status: ClassVar[int] = 403
