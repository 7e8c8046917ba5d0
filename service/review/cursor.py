"""Keyset cursors for the queue: an opaque token naming the last row a page showed.

The queue is ordered by (created_at DESC, id DESC); a cursor holds that pair, so the next page
starts strictly after it whatever was added since: no row is shown twice or skipped, and a deep
page costs what the first one does. The token is validated, not signed: editing it only moves
the position inside the listing its caller may already read, and an unsigned token keeps API
replicas free of a shared secret for it.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Annotated

from pydantic import StringConstraints, TypeAdapter, ValidationError

from service.errors import DeskcheckError

_ItemId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{1,32}$")]
_POSITION = TypeAdapter(tuple[datetime, _ItemId])
_MAX_TOKEN_CHARS = 200


class BadCursor(DeskcheckError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_cursor"


@dataclass(frozen=True)
class QueueCursor:
    """The (created_at, id) of the last item shown: the next page is everything older."""

    created_at: datetime
    item_id: str

    def encode(self) -> str:
        position = json.dumps([self.created_at.isoformat(), self.item_id], separators=(",", ":"))
        return base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "QueueCursor":
        """The position a token names; BadCursor (422) for anything this module did not write."""
        if len(token) > _MAX_TOKEN_CHARS:
            raise _bad()
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            created_at, item_id = _POSITION.validate_json(raw)
        except (binascii.Error, ValueError, ValidationError) as error:
            raise _bad() from error
        return cls(created_at, item_id)


def _bad() -> BadCursor:
    return BadCursor(
        "the cursor is not one this queue issued; pass `next_cursor` from a previous page "
        "unchanged, or drop `cursor` to start from the newest item",
        for_editors="that page of the queue no longer exists; here are the newest items",
    )
