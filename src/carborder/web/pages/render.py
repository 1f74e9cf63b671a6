"""Render a page: Jinja2 templates with the language, the caller and ``can(permission)``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import SimpleNamespace
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from carborder.i18n import messages, render_cite
from carborder.i18n.reviews import review_text
from carborder.web.auth import CSRF_FIELD, Principal
from carborder.web.i18n import LANG_COOKIE, LANGS, lang_of
from carborder.web.permissions import Permission

__all__ = ["NAV", "render", "render_error", "templates"]

#: Navigation: path, message id, permission needed to see it (same map as the routes).
NAV: tuple[tuple[str, str, Permission], ...] = (
    ("/", "web-nav-dashboard", Permission.DASHBOARD_READ),
    ("/datamap", "web-nav-datamap", Permission.FLOWS_READ),
    ("/flows", "web-nav-flows", Permission.FLOWS_READ),
    ("/scans", "web-nav-scans", Permission.SCANS_READ),
    ("/approvals", "web-nav-approvals", Permission.APPROVALS_READ),
    ("/exports", "web-nav-exports", Permission.EXPORTS_READ),
    ("/filings", "web-nav-filings", Permission.FILINGS_READ),
    ("/audit", "web-nav-audit", Permission.AUDIT_READ),
    ("/rulebook", "web-nav-rulebook", Permission.RULEBOOK_READ),
    ("/users", "web-nav-users", Permission.USERS_READ),
)


def _int(value: Any) -> str:
    """Thousands separators for counts."""
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


def _pretty(value: Any) -> str:
    """Indented JSON with Chinese kept readable (autoescaped by the template)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


@cache
def templates() -> Jinja2Templates:
    """The page templates shipped in the package (autoescaped)."""
    t = Jinja2Templates(directory=str(files("carborder.web") / "templates"))
    t.env.filters["int"] = _int
    t.env.filters["pretty"] = _pretty
    t.env.globals["CSRF_FIELD"] = CSRF_FIELD
    t.env.globals["P"] = Permission
    return t


def _lang_cookie(request: Request, response: HTMLResponse, lang: str) -> None:
    if request.query_params.get("lang") in LANGS:
        ctx = request.app.state.ctx
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=ctx.secure_cookies(request),
        )


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render template ``name`` with the common page context."""
    lang = lang_of(request)
    principal: Principal | None = getattr(request.state, "principal", None)

    def can(permission: Permission | str) -> bool:
        return principal is not None and principal.can(permission)

    def pick(zh: str | None, en: str | None) -> str:
        return (zh if lang == "zh" else en) or zh or en or ""

    m = messages(lang)
    pack = request.app.state.ctx.state.pack

    def pathway_title(pathway: str) -> str:
        spec = next((p for p in pack.meta.pathways if p.id == pathway), None)
        return m.local(spec.title) if spec is not None else pathway

    def cite(c: Any) -> str:
        if isinstance(c, Mapping):
            c = SimpleNamespace(
                article=c.get("article", ""),
                short=c.get("short", ""),
                title_zh=c.get("title_zh", ""),
            )
        return render_cite(c, lang)

    def stage_label(stage: str) -> str:
        # stages are ids ("decided", "building"); a scan adds its file count ("scanning 2/5")
        name, _, count = stage.partition(" ")
        return (m.term("web-stage", name) + (f" {count}" if count else "")).strip()

    def approval_kind(kind: str) -> str:
        spec = pack.meta.approval_kinds.get(kind)
        return m.local(spec.title) if spec is not None else kind

    def scenario(value: str) -> str:
        title = pack.meta.scenarios.get(value)
        return m.local(title) if title is not None else value

    def kind_label(kind: str) -> str:
        return m("web-rule-kind-parameter") if kind == "parameter" else m.term("rule-kind", kind)

    base: dict[str, Any] = {
        "lang": lang,
        "other_lang": "en" if lang == "zh" else "zh",
        "t": m,
        "term": m.term,
        "fact_value": m.value,
        "pathway_title": pathway_title,
        "kind_label": kind_label,
        "cite": cite,
        "scenario": scenario,
        "approval_kind": approval_kind,
        "stage_label": stage_label,
        "review_text": lambda review: review_text(review, m),
        "pick": pick,
        "me": principal,
        "can": can,
        "csrf": principal.csrf_token if principal is not None else None,
        "nav": [(path, key) for path, key, perm in NAV if can(perm)],
        "path": request.url.path,
    }
    response = templates().TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status, headers=headers
    )
    _lang_cookie(request, response, lang)
    return response


def render_error(
    request: Request,
    status: int,
    code: str,
    message: str,
    hint: str | None,
    *,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """An error page (the message and what to do), with the right status code."""
    return render(
        request,
        "error.html",
        {"status": status, "code": code, "message": message, "hint": hint},
        status=status,
        headers=headers,
    )
