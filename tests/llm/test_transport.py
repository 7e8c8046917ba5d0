"""Every openai client comes from one factory: the SDK's retries off, our bounded timeout on."""

import asyncio

import openai

from service.config import Settings
from service.llm.transport import chat_server


def test_the_sdk_leaves_retries_to_ours_and_waits_a_bounded_time() -> None:
    settings = Settings(llm_timeout_s=7, llm_transport_retries=3)
    server = chat_server("http://127.0.0.1:9/v1", "not-a-key", settings)
    try:
        assert server.client.max_retries == 0
        assert server.client.timeout == openai.Timeout(7, connect=5.0)
        assert server.retries == 3
        assert server.default_deadline_s == settings.request_deadline_s
    finally:
        asyncio.run(server.close())
