"""Nothing paid for twice: final responses kept in the store, keyed by all that decides them."""

import json
from pathlib import Path

from tests.fake_backend import completion
from tests.llm.on_fake import GOOD_POINT, SEED_001, app_on_fake, flags_reply

ARTICLE = {"article": {"text": SEED_001}}


def test_repeated_request_is_answered_from_the_store_without_a_model_call(tmp_path: Path) -> None:
    with app_on_fake(flags_reply(), data_dir=tmp_path, response_cache_entries=10) as (c, fake):
        first = c.post("/verify", json=ARTICLE).json()
        again = c.post("/verify", json=ARTICLE).json()
    assert len(fake.requests) == 1
    assert (first["provenance"]["cached"], again["provenance"]["cached"]) == (False, True)
    assert again["claims"] == first["claims"]
    assert again["id"] != first["id"]


def test_cache_survives_a_restart_of_the_service(tmp_path: Path) -> None:
    with app_on_fake(flags_reply(), data_dir=tmp_path, response_cache_entries=10) as (c, _):
        c.post("/verify", json=ARTICLE)
    with app_on_fake(flags_reply(), data_dir=tmp_path, response_cache_entries=10) as (c, fake):
        again = c.post("/verify", json=ARTICLE).json()
    assert again["provenance"]["cached"] is True
    assert fake.requests == []


def test_a_changed_option_is_a_miss(tmp_path: Path) -> None:
    with app_on_fake(completion(GOOD_POINT), data_dir=tmp_path, response_cache_entries=10) as (
        c,
        fake,
    ):
        c.post("/summarize", json=ARTICLE | {"max_points": 3})
        other = c.post("/summarize", json=ARTICLE | {"max_points": 4}).json()
    assert other["provenance"]["cached"] is False
    assert len(fake.requests) == 2


def test_extractive_fallback_is_cached_too(tmp_path: Path) -> None:
    invented = completion(
        json.dumps({"points": [{"text": "Putin visited Paris.", "sentences": [1]}]})
    )
    with app_on_fake(invented, data_dir=tmp_path, response_cache_entries=10) as (c, fake):
        first = c.post("/summarize", json=ARTICLE).json()
        again = c.post("/summarize", json=ARTICLE).json()
    assert first["provenance"]["method"] == "extractive"
    assert again["provenance"]["cached"] is True
    assert len(fake.requests) == 2  # the first request's two attempts, none for the second


def test_cache_keeps_only_the_newest_entries(tmp_path: Path) -> None:
    articles = [{"article": {"text": f"{SEED_001}\n\nUpdate {n}: no change."}} for n in range(3)]
    # No in-process answer cache either: the store alone decides here.
    store_only = {"response_cache_entries": 2, "llm_cache_entries": 0}
    with app_on_fake(flags_reply(), data_dir=tmp_path, **store_only) as (c, fake):
        for body in articles:
            c.post("/verify", json=body)
        newest = c.post("/verify", json=articles[2]).json()
        oldest = c.post("/verify", json=articles[0]).json()
    assert newest["provenance"]["cached"] is True
    assert oldest["provenance"]["cached"] is False
    assert len(fake.requests) == 4


def test_fast_mode_is_not_cached(tmp_path: Path) -> None:
    with app_on_fake(flags_reply(), data_dir=tmp_path, response_cache_entries=10) as (c, _):
        c.post("/verify", json=ARTICLE | {"mode": "fast"})
        again = c.post("/verify", json=ARTICLE | {"mode": "fast"}).json()
    assert again["provenance"]["cached"] is False
