"""/desk/items/{id}/report: an approved item's verification report, laid out to print.

The summary as approved, each claim with its status, its source and the flags on it with their
decisions and who made them, the contradictions and how they were decided, and the audit
digest (the item's newest chain entry) that `deskcheck audit verify` can vouch for.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser
from service.http.deps import DatabaseDep
from service.review import service
from service.review.errors import NotReady
from service.review.exports import printed_report, source_of
from service.review.pages.rendering import redirect, render

router = APIRouter(prefix="/desk", include_in_schema=False)


@router.get("/items/{item_id}/report")
def report_page(request: Request, item_id: str, db: DatabaseDep, user: DeskUser) -> Response:
    try:
        export = service.printed_export(db, item_id)
    except NotReady:
        return redirect(
            f"/desk/items/{item_id}",
            "the verification report is printed once the item is approved",
        )
    return render(request, "report.html", user, report=printed_report(export), source_of=source_of)
