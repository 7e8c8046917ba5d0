"""The desk's submit form: it creates an item; refused or failed, it comes back with every
field and a plain message; its text is counted and stored as the API would see it (LF line
endings); a session that ended meanwhile keeps it through a new log-in."""

import html
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import seed_text
from tests.desk import CSRF_FIELD, ORIGIN, Desk, running_desk

SEED = "000_7164c3a58de98ac3.txt"
TITLE = "Drone strike in Oleshky"
OUTLET = "Wire & Co"
LIMIT = 200


@pytest.fixture
def small_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk that takes articles of at most LIMIT characters, logged in as an editor."""
    with running_desk(tmp_path, max_article_chars=LIMIT) as desk:
        desk.login()
        yield desk


def _submit(desk: Desk, text: str, title: str = TITLE, mode: str = "fast") -> tuple[int, str]:
    response = desk.form(
        "/desk/submit",
        {"title": title, "outlet": OUTLET, "text": text, "mode": mode},
        follow_redirects=False,
    )
    return response.status_code, html.unescape(response.text)


def _kept(page: str, text: str, title: str = TITLE, mode: str = "full") -> bool:
    """Every field is back in the form as the editor left it."""
    return (
        f'name="title" value="{title}"' in page
        and f'name="outlet" value="{OUTLET}"' in page
        and f'aria-describedby="text-limit">\n{text}</textarea>' in page
        and f'value="{mode}" checked' in page
    )


def test_the_submit_form_creates_an_item(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.form(
        "/desk/submit", {"text": seed_text(SEED), "title": "From the form", "mode": "fast"}
    )
    assert "From the form" in page.text
    assert sqlite_desk.get("/review/items").json()["total"] == 1


def test_an_empty_article_keeps_title_and_outlet_and_says_what_to_do(small_desk: Desk) -> None:
    status, page = _submit(small_desk, "   \r\n  ", mode="full")
    assert status == 422
    assert 'role="alert" id="form-error">The article text is empty.' in page
    assert _kept(page, "   \n  ")


def test_an_oversized_article_keeps_every_field_and_names_its_real_size(small_desk: Desk) -> None:
    text = "The mayor said the bridge will reopen. " * 6  # 234 characters
    status, page = _submit(small_desk, text, mode="full")
    assert status == 413
    assert "The article has 234 characters; the desk takes at most 200." in page
    assert _kept(page, text)


def test_line_endings_from_a_textarea_count_and_are_stored_as_one_character(
    small_desk: Desk,
) -> None:
    lines = ["The mayor said the bridge will reopen on Monday."] * 4  # 4 × 48 + 3 = 195 as LF
    status, _ = _submit(small_desk, "\r\n".join(lines))  # 198 characters as the browser sends
    assert status == 303
    item = small_desk.get("/review/items").json()["items"][0]
    stored = small_desk.get(f"/review/items/{item['id']}").json()["article"]["text"]
    assert stored == "\n".join(lines)


def test_a_title_over_its_limit_is_refused_in_words_not_a_server_error(small_desk: Desk) -> None:
    long_title = "T" * 1001
    status, page = _submit(small_desk, "The mayor said the bridge will reopen.", long_title)
    assert status == 422
    assert "The title is too long: 1,001 characters, at most 1,000. Shorten it." in page
    assert _kept(page, "The mayor said the bridge will reopen.", long_title, "fast")


def test_a_store_that_refuses_the_write_keeps_the_form_and_says_so(tmp_path: Path) -> None:
    # The store fails as a full disk or a read-only replica would: the write is refused.
    with running_desk(tmp_path) as desk:
        desk.login()
        with sqlite3.connect(tmp_path / "deskcheck.sqlite3") as store:
            store.execute(
                "CREATE TRIGGER refuse_articles BEFORE INSERT ON articles "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
            )
        text = "The mayor said the bridge will reopen on Monday."
        status, page = _submit(desk, text, mode="full")
    assert status == 500
    assert "Something went wrong on our side while submitting" in page
    assert _kept(page, text)
    assert page.startswith("<!doctype html>")  # a page, not a JSON body


def test_a_submission_after_the_session_ended_survives_logging_in_again(
    small_desk: Desk,
) -> None:
    small_desk.client.cookies.clear()  # the session ended while the editor was pasting
    text = "The mayor said the bridge will reopen.\nOfficials gave no details."
    status, page = _submit(small_desk, text.replace("\n", "\r\n"), mode="full")
    assert status == 401
    assert "Your desk session has ended, so the article was not submitted." in page
    assert f'name="draft_text" value="{text}"' in page
    relogged = small_desk.client.post(
        "/desk/login",
        data={"key": small_desk.keys["editor"], "draft_title": TITLE, "draft_outlet": OUTLET}
        | {"draft_text": text, "draft_mode": "full"},
        headers={"Origin": ORIGIN},
    )
    assert relogged.status_code == 200
    assert _kept(html.unescape(relogged.text), text)
    small_desk.csrf_token = CSRF_FIELD.findall(relogged.text)[0]  # the new session's form
    assert _submit(small_desk, text)[0] == 303


def test_on_the_default_embedded_model_the_form_says_full_is_the_rules_and_checks_fast(
    tmp_path: Path,
) -> None:
    with running_desk(tmp_path, llm_base_url=None, llm_model=None) as desk:
        desk.login()
        page = html.unescape(desk.get("/desk/submit").text)
    assert "rules only on the embedded model: no model task beats them here" in page
    assert "language model" not in page
    assert 'value="fast" checked' in page and 'value="full" checked' not in page


def test_where_model_tasks_run_the_form_names_them_and_checks_full(small_desk: Desk) -> None:
    page = html.unescape(small_desk.get("/desk/submit").text)
    assert "Full (rule-based checks and the model's summary, flags)" in page
    assert 'value="full" checked' in page
