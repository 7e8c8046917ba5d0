"""Path and query parameters a client sends, bounded where they are declared.

An unbounded `int` reaches the database as it came: 2^63 overflows SQLite's integers and 2^31
PostgreSQL's INTEGER columns, which surfaced as 500s. Declared bounds make such values a 422 in
our error shape, and the OpenAPI document states them.
"""

from typing import Annotated

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError

ROW_ID_MAX = 2**31 - 1
"""PostgreSQL INTEGER, the type of every numeric row id (flags, decisions)."""

OFFSET_MAX = 100_000_000
"""Far past any queue or audit trail a newsroom keeps; narrow with filters to go deeper."""

ClaimId = Annotated[
    str,
    Path(
        max_length=32,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="A claim's id, as listed in the item's `verify.claims` (e.g. `c7`).",
    ),
]
"""Letters, digits, `_` and `-` only: the desk puts it in a redirect's `Location` fragment."""
ContradictionId = Annotated[
    str,
    Path(
        max_length=32,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="A contradiction's id, as listed in the item's `verify.contradictions` "
        "(e.g. `x1`).",
    ),
]
FlagId = Annotated[
    int, Path(ge=1, le=ROW_ID_MAX, description="A flag's id, as listed in the item's `flags`.")
]
Offset = Annotated[int, Query(ge=0, le=OFFSET_MAX, description="Entries to skip.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Most entries in the page.")]


# async: every request runs it, and a plain `def` would cost each one a thread-pool hop.
async def one_value_each(request: Request) -> None:
    """Refuse a query parameter given twice: every parameter the API publishes takes one value,
    and FastAPI would silently keep the last of several (`?outlet=a&outlet=b` filtering on b)."""
    repeated = sorted({k for k in request.query_params if len(request.query_params.getlist(k)) > 1})
    if repeated:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "given more than once; give it once",
                    "type": "value_error",
                }
                for name in repeated
            ]
        )
