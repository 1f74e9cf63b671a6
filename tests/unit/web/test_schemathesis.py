"""Schemathesis against the published OpenAPI document, once per role: no 5xx on any input.

Every operation of ``/api/v1/openapi.json`` gets generated requests (valid and invalid
bodies, paths and queries) with each role's token; whatever the input, the answer is a
4xx with a message or a success — never a server error — and it conforms to the document's
status codes. The unauthenticated run must see 401 everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.web_server import Server, make_server

from carborder.web import OPENAPI_URL, Role

pytestmark = pytest.mark.slow

#: Examples per operation and role (the machine is shared; the property is "never 5xx").
EXAMPLES = 12


@pytest.fixture(scope="module")
def api_server(template_workspace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path_factory.mktemp("schemathesis") / "ws"
    shutil.copytree(template_workspace, root)
    server = make_server(root)
    yield server
    server.ctx.close()


def _run(server: Server, headers: dict[str, str]) -> list[str]:
    schema = schemathesis.openapi.from_asgi(OPENAPI_URL, server.app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}")

        check()
    return failures


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_server_error_for_any_generated_request(api_server: Server, role: str) -> None:
    failures = _run(api_server, api_server.auth(role))
    assert failures == [], failures[:10]


def test_without_a_token_every_operation_is_401(api_server: Server) -> None:
    schema = schemathesis.openapi.from_asgi(OPENAPI_URL, api_server.app)
    seen = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        import re

        path = re.sub(r"\{[^}]+\}", "x", operation.path)
        r = api_server.client.request(operation.method.upper(), path)
        assert r.status_code == 401, (operation.method, path, r.status_code)
        seen += 1
    assert seen > 30
