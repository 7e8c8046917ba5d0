"""/desk/stats: how often editors accepted each flag type, overall and week by week."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser
from service.http.deps import DatabaseDep
from service.review.chart import MAX_WEEKS, acceptance_chart
from service.review.pages.rendering import render
from service.review.stats import acceptance_stats

router = APIRouter(prefix="/desk", include_in_schema=False)


@router.get("/stats")
def stats(request: Request, db: DatabaseDep, user: DeskUser) -> Response:
    view = acceptance_stats(db)
    chart = acceptance_chart(view.weeks)
    return render(request, "stats.html", user, stats=view, chart=chart, max_weeks=MAX_WEEKS)
