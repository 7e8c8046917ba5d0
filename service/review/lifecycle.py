"""Opening the review store when the app starts."""

from service.auth.bootstrap import ensure_first_admin
from service.config import Settings
from service.store import Database


def review_url(settings: Settings) -> str:
    return f"http://{settings.host}:{settings.port}/desk/"


def open_store(settings: Settings) -> Database:
    """Connect, migrate to the newest schema, and make sure someone can log in."""
    db = Database.from_settings(settings)
    db.migrate()
    db.save_anchor()  # before anything else is appended: pins the chain as this start found it
    ensure_first_admin(db, review_url(settings))
    return db
