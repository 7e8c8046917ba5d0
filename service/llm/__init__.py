"""The LLM layer: the only package that builds a model client or calls a model."""

from service.llm.backend import Backend, configured_backend, start_backend, stop_backend
from service.llm.client import ModelClient
from service.llm.errors import ModelOutputInvalid
from service.llm.prompts import load_prompt, new_marker, numbered_sentences
from service.llm.values import CallStats, Messages

__all__ = [
    "Backend",
    "CallStats",
    "Messages",
    "ModelClient",
    "ModelOutputInvalid",
    "configured_backend",
    "load_prompt",
    "new_marker",
    "numbered_sentences",
    "start_backend",
    "stop_backend",
]
