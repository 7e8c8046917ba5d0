"""The response cache: a model-backed answer is paid for once per everything that determines it.

The key covers the article (its hash), the endpoint and the request's options, the backend, the
model and how it is asked (structured mode and sampling settings), every prompt file, and the
evidence layer's version, so a change to any of them is a miss. It holds final responses,
extractive fallbacks included: for one key they are deterministic. A response whose token budget
ran out is partial and is not kept. Rows beyond the bound are evicted oldest first.
"""

import hashlib
import json
import logging
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from service.observability.metrics import observe_cache_lookup
from service.store.db import Database
from service.store.models import CachedResponse

R = TypeVar("R", bound=BaseModel)
log = logging.getLogger(__name__)


class ResponseStore:
    """Final responses in the review store's database (SQLite or PostgreSQL)."""

    def __init__(self, database: Database, max_entries: int) -> None:
        self.database = database
        self.max_entries = max_entries

    def get(self, key: str, response_type: type[R]) -> R | None:
        if self.max_entries <= 0:
            return None
        with self.database.session() as session:
            body = session.scalar(select(CachedResponse.body).where(CachedResponse.key == key))
        observe_cache_lookup(hit=body is not None)
        return None if body is None else response_type.model_validate_json(body)

    def put(self, key: str, endpoint: str, response: BaseModel) -> None:
        if self.max_entries <= 0:
            return
        with self.database.session() as session:
            session.merge(
                CachedResponse(key=key, endpoint=endpoint, body=response.model_dump_json())
            )
        self._evict()

    def _evict(self) -> None:
        with self.database.session() as session:
            excess = (session.scalar(select(func.count()).select_from(CachedResponse)) or 0) - (
                self.max_entries
            )
            if excess <= 0:
                return
            oldest = select(CachedResponse.key).order_by(CachedResponse.created_at).limit(excess)
            session.execute(delete(CachedResponse).where(CachedResponse.key.in_(oldest)))


def response_key(
    endpoint: str,
    article_text: str,
    options: dict[str, Any],
    model: dict[str, Any],
    overlay: str = "",
) -> str:
    """Everything that determines a model-backed response, hashed. `overlay`: the newsroom's
    learnt rules the evidence layer ran with (canonical JSON); part of the evidence version,
    and absent from the material when empty, so that keys without one stay as they were."""
    material: dict[str, Any] = {
        "endpoint": endpoint,
        "article": hashlib.sha256(article_text.encode("utf-8")).hexdigest(),
        "options": options,
        "model": model,
        "prompts": prompts_version(),
        "evidence": evidence_version(),
    }
    if overlay:
        learnt = hashlib.sha256(overlay.encode("utf-8")).hexdigest()[:16]
        material["evidence"] = f"{evidence_version()}+{learnt}"
    encoded = json.dumps(material, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@cache
def evidence_version() -> str:
    """The code and seed data a cached response was computed from, hashed once per process.

    Any edit to the segmenter, a detector, a lexicon, the reference facts, the merge rules or
    the extractive summary changes what a response says, so it changes this version and every
    cached response misses.
    """
    packages = ("service.text", "service.evidence", "service.verify", "service.summarize")
    roots = [files(package) for package in packages] + [files("seeds")]
    return _tree_digest(roots, (".py", ".tsv", ".json"))


@cache
def prompts_version() -> str:
    return _tree_digest([files("prompts")], (".toml",))


def _tree_digest(roots: list[Traversable], suffixes: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for path, item in sorted(_walk(root, ""), key=lambda pair: pair[0]):
            if path.endswith(suffixes) and not path.endswith(".expected.json"):
                digest.update(path.encode("utf-8") + b"\x00" + item.read_bytes() + b"\x00")
    return digest.hexdigest()[:16]


def _walk(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for child in node.iterdir():
        name = f"{prefix}/{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                found += _walk(child, name)
        else:
            found.append((name, child))
    return found
