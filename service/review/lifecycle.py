"""Opening the review store when the app starts."""

from collections.abc import Callable

from service.auth.bootstrap import ensure_first_admin
from service.config import Settings
from service.review.bindings import bind_existing
from service.store import Database

# A wildcard address accepts connections on every interface; loopback is one a browser can open.
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104


def served_url(settings: Settings) -> str:
    """Where `deskcheck serve` listens (DESKCHECK_HOST/PORT, or its --host/--port)."""
    host = _WILDCARDS.get(settings.host, settings.host)
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{settings.port}"


def review_url(settings: Settings) -> str:
    return f"{served_url(settings)}/desk/"


def open_store(
    settings: Settings, announce_first_key: Callable[[str], None] | None = None
) -> Database:
    """Connect, migrate to the newest schema, and make sure someone can log in."""
    db = Database.from_settings(settings)
    db.migrate()
    db.save_anchor()  # before anything else is appended: pins the chain as this start found it
    with db.session() as session:
        bind_existing(session)  # once, on a store from before rows were bound (0010)
    ensure_first_admin(db, review_url(settings), announce=announce_first_key)
    return db
