"""The queue generation: read per request, on the event loop, with no thread hand-off.

Migration 0008 keeps one counter that every commit changing the queue listing advances, in the
writing transaction (see its docstring for what counts); 0017 two more beside it, for what
the queue's counts depend on (items and the columns filters read; flag rows). Reading them is
the whole cost of a cached queue page, so each process holds one connection of its own for
them: a plain sqlite3 connection on SQLite (a read of one row takes microseconds and never
waits on writers in WAL mode), an asynchronous psycopg connection on PostgreSQL (one round
trip, awaited).

A read that fails returns None: the caller then reads the store as if nothing were cached, and
meets the store's own error there if it is really down.
"""

import asyncio
import logging
import sqlite3
import threading
from pathlib import Path
from typing import NamedTuple, Protocol

import psycopg
from sqlalchemy import Engine

log = logging.getLogger(__name__)

_READ = "SELECT value, counted, flagged FROM queue_generation WHERE id = 1"


class Generations(NamedTuple):
    """The counters as one request read them."""

    value: int
    """Moves with any change to what a queue page shows."""
    counted: int
    """Moves when an item is added or removed, or a column a filter reads changes."""
    flagged: int
    """Moves when a flag row is added, removed or retyped."""


class Generation(Protocol):
    async def read(self) -> Generations | None: ...

    async def close(self) -> None: ...


def open_generation(engine: Engine) -> Generation:
    """The reader for `engine`'s store; its connection opens on first read."""
    if engine.dialect.name == "sqlite":
        return SqliteGeneration(engine.url.database or "")
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return PostgresGeneration(conninfo)


class SqliteGeneration:
    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        # Reads come from the event loop; the lock only makes a stray thread safe.
        self._lock = threading.Lock()

    async def read(self) -> Generations | None:
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = _sqlite_reader(self.path)
                row = self._connection.execute(_READ).fetchone()
            except sqlite3.Error as error:
                log.warning("queue generation unreadable, serving uncached: %s", error)
                self._drop()
                return None
        return Generations(*map(int, row))

    async def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _sqlite_reader(path: str) -> sqlite3.Connection:
    # mode=rw: a missing store is an error here, never a new empty file. Autocommit
    # (isolation_level None): each read sees the newest commit, not a snapshot kept open.
    # A WAL read does not wait on writers; should the file be locked anyway (a migration), the
    # event loop waits 50 ms at most, then this request reads uncached on the thread pool.
    connection = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=rw",
        uri=True,
        timeout=0.05,
        isolation_level=None,
        check_same_thread=False,
    )
    connection.execute("PRAGMA query_only=ON")
    return connection


class PostgresGeneration:
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._connection: psycopg.AsyncConnection[tuple[int, int, int]] | None = None
        self._opening = asyncio.Lock()

    async def read(self) -> Generations | None:
        try:
            connection = await self._connected()
            cursor = await connection.execute(_READ)
            row = await cursor.fetchone()
        except psycopg.Error as error:
            log.warning("queue generation unreadable, serving uncached: %s", error)
            await self.close()
            return None
        return None if row is None else Generations(*map(int, row))

    async def _connected(self) -> "psycopg.AsyncConnection[tuple[int, int, int]]":
        async with self._opening:
            if self._connection is None or self._connection.closed:
                self._connection = await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True, connect_timeout=5
                )
            return self._connection

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()
