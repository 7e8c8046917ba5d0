"""Keyset cursors for the queue: a token naming the last row a page showed.

The queue is ordered by (created_at DESC, id DESC); a cursor holds that pair, so the next page
starts strictly after it whatever was added since: no row is shown twice or skipped, and a deep
page costs what the first one does. The token is validated, not signed: editing it only moves
the position inside the listing its caller may already read, and an unsigned token keeps API
replicas free of a shared secret for it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

from service.errors import DeskcheckError

CURSOR_PATTERN = r"^[0-9]{1,17}\.[0-9A-Za-z_-]{1,32}$"
"""A position: microseconds since 1970 (UTC) of `created_at`, a dot, the item's id. The
published schema states it, and every string it matches names a place in the queue, so what the
document allows the service accepts (up to 10^17 microseconds: the year 5138)."""
_CURSOR = re.compile(CURSOR_PATTERN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(DeskcheckError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_cursor"


@dataclass(frozen=True)
class QueueCursor:
    """The (created_at, id) of the last item shown: the next page is everything older."""

    created_at: datetime
    item_id: str

    def encode(self) -> str:
        moment = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=UTC)
        return f"{(moment - _EPOCH) // timedelta(microseconds=1)}.{self.item_id}"

    @classmethod
    def decode(cls, token: str) -> "QueueCursor":
        """The position a token names; BadCursor (422) for a string not of its form."""
        if not _CURSOR.match(token):
            raise _bad()
        micros, item_id = token.split(".", 1)
        return cls(_EPOCH + timedelta(microseconds=int(micros)), item_id)


def _bad() -> BadCursor:
    return BadCursor(
        "the cursor is not one this queue issued; pass `next_cursor` from a previous page "
        "unchanged, or drop `cursor` to start from the newest item",
        for_editors="that page of the queue no longer exists; here are the newest items",
    )
