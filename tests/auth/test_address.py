"""The address failures are counted against: the peer's own unless it is a listed proxy."""

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.auth.address import ClientAddresses
from service.llm.embedded import free_loopback_port
from tests.desk import running_desk
from tests.served import ROOT, wait_until_up

QUEUE = "/review/items"
PROXY = ("10.0.0.5", 40000)


def test_a_peer_that_is_not_a_listed_proxy_is_the_client() -> None:
    addresses = ClientAddresses(["10.0.0.0/8"])
    assert addresses.resolve("198.51.100.7", ["203.0.113.1"]) == "198.51.100.7"


def test_behind_a_listed_proxy_the_rightmost_untrusted_hop_is_the_client() -> None:
    addresses = ClientAddresses(["10.0.0.0/8", "192.0.2.1"])
    spoofed_then_real = ["1.2.3.4, 198.51.100.7", "192.0.2.1"]
    assert addresses.resolve("10.0.0.5", spoofed_then_real) == "198.51.100.7"


def test_hops_with_ports_and_mapped_addresses_are_read_as_addresses() -> None:
    addresses = ClientAddresses(["10.0.0.0/8"])
    assert addresses.resolve("::ffff:10.0.0.5", ["198.51.100.7:5123"]) == "198.51.100.7"
    assert addresses.resolve("10.0.0.5", ["[2001:db8::1]:443"]) == "2001:db8::1"


def test_a_listed_proxy_without_the_header_is_itself_the_client() -> None:
    assert ClientAddresses(["10.0.0.0/8"]).resolve("10.0.0.5", []) == "10.0.0.5"


def _wrong_keys_with_new_headers(client: TestClient, count: int) -> list[int]:
    return [
        client.get(
            QUEUE,
            headers={"X-API-Key": f"dk_guess{n}", "X-Forwarded-For": f"203.0.113.{n + 1}"},
        ).status_code
        for n in range(count)
    ]


def test_a_spoofed_header_from_an_unlisted_address_changes_nothing(tmp_path: Path) -> None:
    """30 wrong keys, each with another X-Forwarded-For, from one address: throttled after 10."""
    with running_desk(tmp_path, trusted_proxies=["10.0.0.0/8"]) as desk:
        client = TestClient(desk.client.app, client=("198.51.100.7", 50000))
        codes = _wrong_keys_with_new_headers(client, 30)
    assert codes[:10] == [401] * 10
    assert codes[10:] == [429] * 20


def test_behind_a_listed_proxy_each_client_has_its_own_count(tmp_path: Path) -> None:
    with running_desk(tmp_path, trusted_proxies=["10.0.0.0/8"]) as desk:
        proxy = TestClient(desk.client.app, client=PROXY)
        codes = _wrong_keys_with_new_headers(proxy, 30)
        spoofing = [
            proxy.get(
                QUEUE,
                headers={"X-API-Key": "dk_guess", "X-Forwarded-For": f"1.1.1.{n}, 198.51.100.9"},
            ).status_code
            for n in range(12)
        ]
    assert codes == [401] * 30  # 30 clients, one failure each
    assert spoofing[-1] == 429  # a spoofed left part does not make 198.51.100.9 new


@pytest.fixture
def served_desk_url(tmp_path: Path) -> Iterator[str]:
    """`deskcheck serve` as an operator runs it, on loopback (where uvicorn, left to itself,
    would trust any X-Forwarded-For: it trusts loopback peers as proxies)."""
    port = free_loopback_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DESKCHECK_DATA_DIR": str(tmp_path),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "DESKCHECK_LLM_MODEL": "none",
        "DESKCHECK_EMBEDDED_WORKERS": "0",
        "DESKCHECK_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _status(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10):
            return 200
    except urllib.error.HTTPError as refused:
        return refused.code


def test_deskcheck_serve_ignores_a_spoofed_header_from_loopback(served_desk_url: str) -> None:
    codes = [
        _status(
            served_desk_url + QUEUE,
            {"X-API-Key": f"dk_guess{n}", "X-Forwarded-For": f"203.0.113.{n + 1}"},
        )
        for n in range(30)
    ]
    assert codes.count(401) == 10
    assert codes[10:] == [429] * 20
