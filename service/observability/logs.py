"""Logging for every process deskcheck runs: one line a record on stderr, for people or for
machines. `DESKCHECK_LOG_FORMAT=auto` (the default) writes readable text when stderr is a
terminal and one JSON object a line otherwise (a pipe, a file, a container's log collector);
`json` and `text` choose for good.

Each record carries the id of the request it was written for (`request_id`, from the context
variable `service.observability.request_id` keeps), so one request's lines can be found
together. Alembic's INFO lines (written on every open of the store) are hidden unless asked
for: `deskcheck --verbose` or `DESKCHECK_LOG_LEVEL=DEBUG`.
"""

import logging
import sys
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from service.config import LogFormat
from service.observability.request_id import current_request_id

LineFormat = Literal["json", "text"]
_JSON_FIELDS = "%(levelname)s %(name)s %(message)s"
_TEXT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_TEXT_TIME = "%H:%M:%S"
# Libraries whose INFO lines are routine noise; shown only when verbose. httpx writes one per
# HTTP request deskcheck makes (every model call, every check of the embedded model).
CHATTY = ("alembic", "huey", "httpx")
# Record attributes that are no field of a JSON line: logging's own, and uvicorn's copy of
# its message with terminal colour codes (`color_message`), meant for its own console only.
_NOT_FIELDS = (*RESERVED_ATTRS, "color_message")


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted, as logging's own last-resort
    handler does: a stream swapped later (a redirect, a test's capture) is followed, never a
    closed one written to."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        """StreamHandler sets it in __init__ and setStream; the current stderr always wins."""


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the current request's, or None outside requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def json_formatter() -> logging.Formatter:
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, request_id, and
    whatever a record adds as `extra` (the access line's route, status, latency_ms...)."""
    return JsonFormatter(
        _JSON_FIELDS,
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
        reserved_attrs=_NOT_FIELDS,
    )


class TextFormatter(logging.Formatter):
    """One line for a person: `12:04:31 INFO    deskcheck.access: POST /verify 200 (41 ms)
    [req 3f9c...]`. The time of day (the terminal knows the date), the level, who wrote it,
    the message, a request's latency and id where the record has them.

    Control characters in the message are escaped (`\\n`, `\\x1b`): a message carries client
    text (the request path, decoded), and a line break in it would start a second, forged log
    line. A traceback, appended after the message, keeps its lines."""

    def __init__(self) -> None:
        super().__init__(_TEXT, datefmt=_TEXT_TIME)

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        line = super().formatMessage(record)
        latency = getattr(record, "latency_ms", None)
        if isinstance(latency, int | float):
            line += f" ({latency:.0f} ms)"
        request_id = getattr(record, "request_id", None)
        if request_id:
            line += f" [req {request_id}]"
        return line.translate(_CONTROL_ESCAPES)


_CONTROL_ESCAPES = {
    code: repr(chr(code))[1:-1] for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
}
"""C0 and C1 control characters and Unicode's line and paragraph separators, as Python writes
them in a string literal (`\\r`, `\\x85`, `\\u2028`)."""


def line_format(log_format: LogFormat, stream: TextIO | None = None) -> LineFormat:
    """`auto`: text for a person at a terminal, JSON for whatever reads a pipe or a file."""
    if log_format != "auto":
        return log_format
    stream = sys.stderr if stream is None else stream
    try:
        return "text" if stream.isatty() else "json"
    except (AttributeError, ValueError):  # a closed or stand-in stream: no terminal there
        return "json"


def logging_config(level: str, log_format: LogFormat, *, verbose: bool = False) -> dict[str, Any]:
    """A `logging.config.dictConfig` document; uvicorn takes it as its `log_config` too."""
    chatty_level = level if verbose or level == "DEBUG" else _at_least_warning(level)
    return {
        "version": 1,
        # Loggers made at import time (every `service.*` module's) must keep working.
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": json_formatter},
            "text": {"()": TextFormatter},
        },
        "handlers": {
            "stderr": {
                "()": StderrHandler,
                "formatter": line_format(log_format),
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # uvicorn's records go through the root handler; its access log is replaced by ours.
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            **{name: {"level": chatty_level} for name in CHATTY},
        },
    }


def configure_logging(level: str, log_format: LogFormat, *, verbose: bool = False) -> None:
    """Sets this process's logging up as `logging_config` describes.

    Not through `dictConfig`, which first closes every handler the process ever made, other
    libraries' included: absl's (made when rouge-score is imported) then closes the stream it
    held, which under pytest is the capture's own file, and every later test loses stderr.
    Only the root's handlers and the named loggers' settings are ours to replace.
    """
    config = logging_config(level, log_format, verbose=verbose)
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    root.addHandler(_stderr_handler(log_format))
    root.setLevel(level)
    for name, spec in config["loggers"].items():
        logger = logging.getLogger(name)
        logger.setLevel(spec["level"])
        if "handlers" in spec:
            logger.handlers.clear()
        logger.propagate = spec.get("propagate", True)


def _stderr_handler(log_format: LogFormat) -> logging.Handler:
    handler = StderrHandler()
    json_lines = line_format(log_format) == "json"
    handler.setFormatter(json_formatter() if json_lines else TextFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def _at_least_warning(level: str) -> str:
    return level if logging.getLevelName(level) > logging.WARNING else "WARNING"
