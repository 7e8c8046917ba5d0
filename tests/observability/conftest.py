"""Fixtures for the logging tests."""

import logging
from collections.abc import Iterator

import pytest

from service.observability.logs import CHATTY


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The logging set-up replaces the root handlers and levels: restore them for later tests."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    chatty = {name: logging.getLogger(name).level for name in CHATTY}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, previous in chatty.items():
        logging.getLogger(name).setLevel(previous)
