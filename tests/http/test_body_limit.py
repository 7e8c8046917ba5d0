"""Request bodies are bounded while they arrive, and every common client sees the 413."""

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import body_limit_bytes
from service.config import Settings
from tests.served import Served, served

MIB = 1024 * 1024
VERIFY = "/verify"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("served")) as running:
        yield running


def _article_body(size: int) -> bytes:
    return b'{"article": {"text": "' + b"x" * size + b'"}, "mode": "fast"}'


def test_python_urllib_gets_the_413_for_a_5_mb_body(server: Served) -> None:
    request = urllib.request.Request(
        server.url + VERIFY,
        data=_article_body(5 * MIB),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert json.loads(refused.value.read())["error"] == "request_too_large"


def test_httpx_gets_the_413_for_a_5_mb_body(server: Served) -> None:
    response = httpx.post(
        server.url + VERIFY,
        content=_article_body(5 * MIB),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


def test_httpx_streaming_a_chunked_body_gets_the_413(server: Served) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"article": {"text": "'
        for _ in range(20):
            yield b"x" * MIB

    response = httpx.post(
        server.url + VERIFY,
        content=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


def _send_chunked(url: str, megabytes: int) -> bytes:
    """A raw HTTP/1.1 chunked POST of `megabytes` MiB; the whole response as it came."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        connection.sendall(
            f"POST {VERIFY} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"%x\r\n%s\r\n" % (MIB, b"x" * MIB)
        for _ in range(megabytes):
            connection.sendall(chunk)
        connection.sendall(b"0\r\n\r\n")
        received = b""
        while data := connection.recv(65536):
            received += data
            if b"\r\n\r\n" in received and received.rstrip().endswith(b"}"):
                break
        return received


def test_a_50_mb_chunked_body_is_refused_without_being_held(server: Served) -> None:
    before_kib = server.rss_kib()
    server.reset_peak()
    response = _send_chunked(server.url, 50)
    growth_mib = (server.rss_kib("VmHWM") - before_kib) / 1024
    assert response.startswith(b"HTTP/1.1 413")
    assert b'"request_too_large"' in response
    assert growth_mib < 16, f"the server's peak RSS grew by {growth_mib:.1f} MiB"


def test_an_emoji_article_within_the_character_limit_is_accepted(
    offline_client: TestClient,
) -> None:
    """Escaped as JSON's `\\ud83d\\ude00`, one emoji is 12 bytes: the limit counts it once."""
    limit = Settings().max_article_chars
    sentence = "Officials said the bridge reopened " + "😀" * 60 + ". "
    text = sentence * (limit // len(sentence))
    body = json.dumps({"article": {"text": text}, "mode": "fast"}).encode()  # ensure_ascii
    assert len(text) <= limit and len(body) > 6 * limit  # past the old bound of 6 bytes a char
    response = offline_client.post(
        VERIFY, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text


def test_the_character_limit_counts_decoded_characters(offline_client: TestClient) -> None:
    limit = Settings().max_article_chars
    body = json.dumps({"article": {"text": "😀" * (limit + 1)}, "mode": "fast"})
    response = offline_client.post(
        VERIFY, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "article_too_large"


def test_a_declared_length_over_the_bound_is_refused_from_the_header(
    offline_client: TestClient,
) -> None:
    too_long = body_limit_bytes(Settings()) + 1
    response = offline_client.post(
        VERIFY,
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(too_long)},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"
