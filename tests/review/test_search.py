"""Full-text search over the queue: the same queries find the same items on SQLite (FTS5) and
PostgreSQL (tsvector), combined with the other filters, on the API and on the desk."""

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from service.store.search import Term, parse_query, words
from tests.conftest import seed_text
from tests.desk import Desk, running_desk
from tests.fast_paths import random_texts
from tests.store.postgres import postgres_url

ARTICLES = [
    {
        "title": "Councils vote on the budget",
        "outlet": "Daily Wire",
        "text": "The councils of "
        "Lyon and Nantes voted 3.2 million euros for schools. The mayor's office agreed.",
    },
    {
        "title": "Flood evacuation",
        "outlet": "Coast Post",
        "text": "Residents were evacuated "
        "from Nîmes after the river rose; the e-mail alert came at 5 a.m.",
    },
    {
        "title": "Résumé of the season",
        "outlet": "Daily Wire",
        "text": "A résumé of the club's "
        "season: 12 wins, COVID19 cancellations and a new coach, Zoë Martin.",
    },
]
QUERIES = [
    "councils",
    "council",  # no stemming on either engine: not found
    "council*",
    "nimes",  # accents ignored
    "NÎMES",
    "resume",
    "3.2 million",
    "e-mail alert",
    "mail",
    "covid19",
    "zoe martin",
    "daily wire",
    "evacuat*",
    "mayor s office",
    "budget flood",  # every word must be in one article: none is
    "",
    "***",
    "don't",
]


def _submit_all(desk: Desk) -> dict[str, str]:
    ids = {}
    for article in ARTICLES:
        ids[article["title"]] = desk.submit(
            article["text"], title=article["title"], outlet=article["outlet"]
        )["id"]
    return ids


def _found(desk: Desk, ids: dict[str, str], **params: Any) -> list[str]:
    titles = {item_id: title for title, item_id in ids.items()}
    response = desk.get("/review/items", **params)
    assert response.status_code == 200, response.text
    return sorted(titles[entry["id"]] for entry in response.json()["items"])


def test_words_are_cut_alike_for_both_engines() -> None:
    assert words("Nîmes' e-mail: 3.2 M€, COVID19") == [
        "nimes",
        "e",
        "mail",
        "3",
        "2",
        "m",
        "covid19",
    ]
    assert parse_query("evacuat* Zoë") == [Term("evacuat", True), Term("zoe", False)]


def test_the_same_queries_find_the_same_items_on_both_stores(tmp_path: Path) -> None:
    results = {}
    with running_desk(tmp_path / "sqlite") as desk:
        ids = _submit_all(desk)
        results["sqlite"] = {q: _found(desk, ids, q=q) for q in QUERIES}
    with postgres_url() as url, running_desk(tmp_path / "pg", url) as desk:
        ids = _submit_all(desk)
        results["postgresql"] = {q: _found(desk, ids, q=q) for q in QUERIES}
    assert results["sqlite"] == results["postgresql"]
    found = results["sqlite"]
    assert found["councils"] == found["council*"] == ["Councils vote on the budget"]
    assert found["council"] == [] and found["budget flood"] == []
    assert found["nimes"] == found["NÎMES"] == found["evacuat*"] == ["Flood evacuation"]
    assert found["resume"] == found["zoe martin"] == found["covid19"] == ["Résumé of the season"]
    assert found["3.2 million"] == found["mayor s office"] == ["Councils vote on the budget"]
    assert found["e-mail alert"] == found["mail"] == ["Flood evacuation"]
    assert found["daily wire"] == ["Councils vote on the budget", "Résumé of the season"]
    assert found[""] == found["***"] == sorted(ids)  # no words: no search
    assert found["don't"] == []


def test_search_combines_with_the_other_filters(desk: Desk) -> None:
    ids = _submit_all(desk)
    assert _found(desk, ids, q="daily", outlet="Daily Wire") == [
        "Councils vote on the budget",
        "Résumé of the season",
    ]
    assert _found(desk, ids, q="daily", outlet="Coast Post") == []
    desk.post(
        f"/review/items/{ids['Résumé of the season']}/assignment", json={"assignee": "editor-key"}
    )
    assert _found(desk, ids, q="daily", assignee="editor-key") == ["Résumé of the season"]
    counted = desk.get("/review/items", q="wire", offset=0).json()
    assert counted["total"] == 2


def test_a_search_is_an_address_on_the_desk(sqlite_desk: Desk) -> None:
    ids = _submit_all(sqlite_desk)
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/", params={"assigned": "all", "q": "nimes"}).text
    assert f'href="/desk/items/{ids["Flood evacuation"]}"' in page
    assert f'href="/desk/items/{ids["Councils vote on the budget"]}"' not in page
    assert 'value="nimes"' in page
    none = sqlite_desk.client.get("/desk/", params={"assigned": "all", "q": "zzz"}).text
    assert "No item holds every word of “zzz”." in none


@pytest.mark.parametrize("query", ["a" * 501])
def test_an_overlong_query_is_refused_in_words(desk: Desk, query: str) -> None:
    response = desk.get("/review/items", q=query)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")


CONTRADICTORY = "001_100bbb814b795ab1.txt"
PLAIN = "000_7164c3a58de98ac3.txt"


def test_open_contradictions_filter_follows_the_decisions(desk: Desk) -> None:
    torn = desk.submit(seed_text(CONTRADICTORY))
    calm = desk.submit(seed_text(PLAIN))
    assert torn["verify"]["contradictions"] and not calm["verify"]["contradictions"]
    found = [e["id"] for e in desk.get("/review/items", open_contradictions=True).json()["items"]]
    assert found == [torn["id"]]
    entry = desk.get("/review/items").json()["items"][1]
    assert (entry["id"], entry["open_contradictions"]) == (
        torn["id"],
        len(torn["verify"]["contradictions"]),
    )
    for contradiction in torn["verify"]["contradictions"]:
        desk.post(
            f"/review/items/{torn['id']}/contradictions/{contradiction['id']}/decision",
            json={"decision": "accept"},
        )
    assert desk.get("/review/items", open_contradictions=True).json()["items"] == []


def test_the_desk_filters_are_one_shareable_address(sqlite_desk: Desk) -> None:
    torn = sqlite_desk.submit(seed_text(CONTRADICTORY), outlet="Wire")
    calm = sqlite_desk.submit(seed_text(PLAIN), outlet="Post")
    sqlite_desk.login()
    today = torn["created_at"][:10]
    params = {
        "assigned": "all",
        "contradictions": "1",
        "outlet": "Wire",
        "since": today,
        "until": today,
        "flag_type": "loaded_language",
    }
    page = sqlite_desk.client.get("/desk/", params=params).text
    assert f'href="/desk/items/{torn["id"]}"' in page
    assert f'href="/desk/items/{calm["id"]}"' not in page
    assert "open contradiction" in page
    assert 'details class="more-filters" open' in page
    # The next page and the views keep every filter.
    assert "outlet=Wire&amp;since=" in page and "contradictions=1" in page
    before = sqlite_desk.client.get("/desk/", params=params | {"until": "2001-01-01"}).text
    assert f'href="/desk/items/{torn["id"]}"' not in before


def test_a_filter_given_twice_is_refused_not_half_applied(desk: Desk) -> None:
    for path in ("/review/items", "/review/exports/approved.csv"):
        response = desk.client.get(
            f"{path}?outlet=Wire&outlet=Post&status=pending", headers=desk.headers("editor")
        )
        assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
        assert "outlet" in response.json()["detail"] and "once" in response.json()["detail"]


def test_an_ascii_text_is_cut_as_the_folding_of_any_other() -> None:
    """ASCII text skips the Unicode folding: it must cut the same words as the folding does."""
    alphabet = "aZ09 .,'*_-éÅ\u0301ﬁß"
    for text in random_texts(20_000, seed=5, alphabet=alphabet):
        folded = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(c for c in folded if not unicodedata.combining(c))
        expected = [w.rstrip("*") for w in re.findall(r"[^\W_]+\*?", plain)]
        assert words(text) == expected, repr(text)
