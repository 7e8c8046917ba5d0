from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who acts, and the request they act in: what every audit row records."""

    name: str
    request_id: str | None = None
