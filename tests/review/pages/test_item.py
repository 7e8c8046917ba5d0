"""The item page (escaped, highlighted, flags grouped by claim, the colour key, the analysis'
progress) and what an editor does with the item as a whole, refusals shown on the page."""

import re
from pathlib import Path
from typing import Any

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.evidence.flag_types import FAMILIES, SPECS
from service.review.context import Actor
from service.review.item_page import STATUS_WORDS
from service.review.service import store_submission
from tests.conftest import seed_text
from tests.desk import Desk, running_desk

SEED = "000_7164c3a58de98ac3.txt"
GROUPED_SEED = "001_100bbb814b795ab1.txt"
HOSTILE = "The mayor said <script>alert('x')</script> the bridge will reopen on Monday."


def _item_page(desk: Desk, item: dict[str, Any]) -> str:
    response = desk.client.get(f"/desk/items/{item['id']}")
    assert response.status_code == 200
    return response.text


def test_an_article_script_tag_shows_as_text(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(HOSTILE, title="<script>x()</script>")
    sqlite_desk.login()
    page = _item_page(sqlite_desk, item)
    assert "<script>alert" not in page and "<script>x()" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_every_flag_is_highlighted_by_type_and_family(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = _item_page(sqlite_desk, item)
    for flag in item["flags"]:
        assert f'id="span-{flag["id"]}"' in page
    assert 'class="f-sourcing flag t-anonymous_source"' in page
    assert "title=" not in page.split('id="article"')[1].split("</div>")[0]  # no hover-only text


def test_flags_are_grouped_under_their_claim_with_its_status_and_source(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(GROUPED_SEED))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    claims = {c["id"]: c for c in item["verify"]["claims"]}
    flagged_part = page.split('<details id="unflagged-claims">')[0]
    groups = re.findall(r'<section class="claim-group" id="group-([^"]+)">', flagged_part)
    assert sorted(groups) == sorted({f["claim_id"] for f in item["flags"]})
    assert groups == sorted(groups, key=lambda c: claims[c]["start"])  # article order
    first = page.split(f'id="group-{groups[0]}"')[1].split("</section>")[0]
    assert f'class="claim-status s-{claims[groups[0]]["status"]}"' in first
    assert "Asserted by " in first
    assert "own voice" not in page and "no one (unattributed)" not in page
    statuses = page.split('id="claim-statuses"')[1].split("</details>")[0]
    for status, words in STATUS_WORDS.items():  # what a status means: one tap away
        assert f'<span class="claim-status s-{status}">{status}</span> {words}' in statuses


def test_the_colour_key_lists_every_family_with_its_colour_and_label(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(GROUPED_SEED))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    for family, style in FAMILIES.items():
        assert f".f-{family} {{ --family: {style.colour};" in page
        assert f'<span class="swatch f-{family}">{style.label}</span>' in page
    assert len({style.colour for style in FAMILIES.values()}) == len(FAMILIES)
    assert SPECS["internal_contradiction"].colour != SPECS["loaded_language"].colour


def test_a_queued_items_page_shows_its_progress_from_a_script_file(tmp_path: Path) -> None:
    # No worker in this app: the item stays queued while the page is read (a worker's sweep
    # would pick up a stored item nobody enqueued).
    with running_desk(tmp_path, embedded_workers=0) as desk:
        _queued_page_checks(desk)


def _queued_page_checks(sqlite_desk: Desk) -> None:
    request = SubmitRequest(article=ArticleIn(text=seed_text(SEED)), mode="fast")
    item_id = store_submission(sqlite_desk.services.database, request, Actor("editor", None))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item_id}").text
    assert f'data-progress-url="/review/items/{item_id}/progress"' in page
    assert 'data-state="queued"' in page
    # A file, not inline script, and carrying the page's CSP nonce.
    assert re.search(r'<script src="/desk/static/progress.js" nonce="[^"]+" defer></script>', page)
    script = sqlite_desk.client.get("/desk/static/progress.js")
    assert (script.status_code, "progress.finished" in script.text) == (200, True)


def test_an_analysed_items_page_has_no_progress_box(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    assert 'id="analysis-progress"' not in _item_page(sqlite_desk, item)


def test_a_refused_action_is_shown_on_the_page(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = sqlite_desk.form(f"/desk/items/{item['id']}/approve").text
    assert 'role="alert">the item is pending and cannot become approved' in page


def test_a_submitter_cannot_decide_in_the_page(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login("submitter")
    page = sqlite_desk.form(f"/desk/items/{item['id']}/start").text
    assert "this needs the editor role" in page
