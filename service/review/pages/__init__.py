"""/desk: the review desk for people, a module per concern. Server-rendered; translation only,
like the API router.

`queue` (/desk/), `submit` (/desk/submit), `item` (/desk/items/{id}: the page, and what an
editor does with the item as a whole), `own_flags` (words an editor flags by hand), `assign`
(items given to editors), `comments` (the item's thread), `decisions` (one flag, one claim),
`report` (an approved item's printable verification report), `stats` (/desk/stats), `audit`
(/desk/audit, admins), `learning` (/desk/learning, admins: proposals and the learnt overlay);
log-in and log-out are auth's (`service.auth.login`). A page asks for `DeskUser`, a form post
for `DeskFormUser`: without a live session the request never reaches it, it is sent to the
log-in page.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.auth import login
from service.review.pages import (
    assign,
    audit,
    comments,
    decisions,
    item,
    learning,
    own_flags,
    queue,
    report,
    stats,
    submit,
)

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
"""Served at /desk/static: scripts live in files, so a strict CSP needs no inline script."""

# own_flags, assign and comments before item: item's catch-all POST /items/{id}/{action}
# would take /flags, /assign and /comment.
ROUTERS = (
    login.router,
    queue.router,
    submit.router,
    own_flags.router,
    assign.router,
    comments.router,
    item.router,
    decisions.router,
    report.router,
    stats.router,
    audit.router,
    learning.router,
)


def install_desk(app: FastAPI) -> None:
    """The desk's pages, the answer to a request without a session, and the pages' scripts."""
    for router in ROUTERS:
        app.include_router(router)
    login.install_login(app, submit.SUBMISSION_DRAFTS)
    app.mount("/desk/static", StaticFiles(directory=STATIC_DIR), name="desk-static")
