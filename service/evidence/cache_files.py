"""Derived data files kept under the user's cache directory, built once and shared.

A table derived from the shipped data (the gazetteer's SQLite index, WordNet's tries) is built
once into a file under `$XDG_CACHE_HOME/deskcheck` (else `~/.cache/deskcheck`) whose name
carries a digest of what decides its content, so a change to any of it builds a new file. Every
process then opens the file read-only and shares its pages through the OS cache instead of
holding its own copy.
"""

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def cache_file(name: str) -> Path | None:
    """Where the file `name` lives in the cache directory; None when it cannot be written."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "deskcheck"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / name


def build_atomically(
    path: Path, write: Callable[[Path], None], errors: tuple[type[Exception], ...]
) -> bool:
    """`write(partial)` beside `path`, then renamed into place: a reader never sees half a
    file, and two processes building at once each rename a complete one. False (logged) when
    it could not be built; `errors` are the failures `write` may raise besides OSError."""
    log.info("building %s (once)", path)
    try:
        handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    except OSError as error:
        log.warning("%s cannot be cached (%s): built in memory", path.name, error)
        return False
    os.close(handle)
    failures: tuple[type[Exception], ...] = (OSError, *errors)
    try:
        write(Path(partial))
        os.replace(partial, path)
    except failures as error:
        log.warning("%s cannot be cached (%s): built in memory", path.name, error)
        return False
    finally:
        Path(partial).unlink(missing_ok=True)
    return True
