"""/desk/audit: the whole audit trail for admins, newest first, narrowed by who, what, which
item and which days; each filter combination is an address to share. Each entry reads as a
sentence: when, who, what they did, to what, and the words the event recorded."""

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import redirect, render, whole_days
from service.review.repository import AuditFilter

router = APIRouter(prefix="/desk", include_in_schema=False)
PAGE = 100


@router.get("/audit")
def audit_page(
    request: Request,
    db: DatabaseDep,
    user: DeskUser,
    actor: str = "",
    action: str = "",
    item: str = "",
    since: str = "",
    until: str = "",
    page: int = 0,
) -> Response:
    if not user.principal.can("admin"):
        return redirect(
            "/desk/", "the whole audit trail is for admins; an item's own is on its page"
        )
    first, last = whole_days(since, until)
    where = AuditFilter(
        actor=actor.strip() or None,
        action=action or None,
        item_id=item.strip() or None,
        since=first,
        until=last,
    )
    shown, actions = service.audit_search(db, where, PAGE, max(page, 0) * PAGE)
    filters = {"actor": actor, "action": action, "item": item, "since": since, "until": until}
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "audit.html",
        user,
        entries=shown.entries,
        total=shown.total,
        actions=actions,
        filters=filters,
        query=query,
        page=max(page, 0),
        more=(max(page, 0) + 1) * PAGE < shown.total,
    )
