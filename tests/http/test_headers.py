"""Security headers: the desk's strict CSP with a fresh nonce, framing refused everywhere."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desk import Desk, running_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with running_desk(tmp_path) as desk:
        yield desk


def test_desk_pages_carry_the_security_headers(desk: Desk) -> None:
    desk.login()
    response = desk.client.get("/desk/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cache-control"] == "no-store"


def test_the_desk_runs_only_nonced_script_and_style(desk: Desk) -> None:
    desk.login()
    response = desk.client.get("/desk/")
    nonce = re.search(r"script-src 'nonce-([^']+)'", response.headers["content-security-policy"])
    assert nonce is not None
    tags = re.findall(r"<(script|style)\b([^>]*)>", response.text)
    assert tags and all(f'nonce="{nonce.group(1)}"' in attributes for _, attributes in tags)
    assert not re.search(r"\son[a-z]+=|\sstyle=", response.text)


def test_each_response_gets_its_own_nonce(desk: Desk) -> None:
    first = desk.client.get("/desk/login").headers["content-security-policy"]
    second = desk.client.get("/desk/login").headers["content-security-policy"]
    assert first != second


def test_the_login_page_is_not_cached_nor_framed(desk: Desk) -> None:
    response = desk.client.get("/desk/login")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"


def test_api_responses_carry_sensible_headers(desk: Desk) -> None:
    response = desk.get("/review/items")
    assert (
        response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_docs_run_only_their_nonced_scripts_from_this_origin(desk: Desk, page: str) -> None:
    response = desk.client.get(page)
    csp = response.headers["content-security-policy"]
    nonce = re.search(r"script-src 'nonce-([^']+)';", csp)
    scripts = re.findall(r"<script\b([^>]*)>", response.text)
    assert response.status_code == 200 and nonce is not None
    assert scripts and all(f'nonce="{nonce.group(1)}"' in attributes for attributes in scripts)
    assert "connect-src 'self'" in csp and "http" not in csp
    assert "cdn" not in response.text
    assert response.headers["x-frame-options"] == "DENY"
