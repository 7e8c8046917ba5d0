"""What the service logs, captured as JSON lines the way an operator's collector reads them."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from service.observability.logs import RequestIdFilter, configure_logging, json_formatter


class LogLines:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def records(self, logger: str | None = None) -> list[dict[str, Any]]:
        parsed = [json.loads(line) for line in self.buffer.getvalue().splitlines()]
        return [record for record in parsed if logger is None or record["logger"] == logger]


@contextmanager
def json_log_lines() -> Iterator[LogLines]:
    """Every record at INFO and above, formatted by the service's own JSON formatter."""
    lines = LogLines()
    handler = logging.StreamHandler(lines.buffer)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def configured(level: str, log_format: str, verbose: bool = False) -> None:
    """The logging set-up a deskcheck process makes, with an unchecked level and format."""
    configure_logging(level, log_format, verbose=verbose)  # type: ignore[arg-type]
