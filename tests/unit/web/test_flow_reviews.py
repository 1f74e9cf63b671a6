"""The flow page shows the important-data reviews of the flow's assets: who, when, what they settle."""

from __future__ import annotations

import pytest
from tests.web_server import Server

from carborder.i18n import messages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flow_page_names_the_reviewer_and_the_date(server: Server, lang: str) -> None:
    # The demo's TSP trip table (telemetry, judged under GB/T 43697-2024 Annex G) carries the
    # data-security officer's recorded review.
    server.add_person("li.wei", "viewer")
    c = server.login("li.wei")
    page = c.get("/flows/tsp_to_munich", params={"lang": lang}).text
    assert 'data-testid="reviews"' in page
    assert messages(lang)("web-flow-reviews") in page
    assert "示例公司数据安全负责人" in page and "2026-09-15" in page
    # A flow whose assets carry no review shows no review panel.
    assert 'data-testid="reviews"' not in c.get("/flows/crm_to_hq", params={"lang": lang}).text
