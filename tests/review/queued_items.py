"""Items in the analysis queue, as the lease and job tests set them up and read them back."""

from datetime import timedelta

from sqlalchemy import func, select, update

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.review import lease, service
from service.review.context import Actor
from service.store.models import Analysis, FlagRow, ReviewItem
from tests.conftest import seed_text
from tests.review.conftest import Jobs

SEED = "000_7164c3a58de98ac3.txt"
EDITOR = Actor("editor", None)


def queued(jobs: Jobs, mode: str = "fast") -> str:
    request = SubmitRequest(article=ArticleIn(text=seed_text(SEED)), mode=mode)
    return service.store_submission(jobs.database, request, EDITOR)


def expire(jobs: Jobs, item_id: str) -> None:
    """What a worker killed mid-job leaves: its lease runs out with nobody renewing it."""
    with jobs.database.session() as session:
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item_id)
            .values(lease_until=lease.now() - timedelta(seconds=1))
        )


def stored_item(jobs: Jobs, item_id: str) -> ReviewItem:
    with jobs.database.session() as session:
        item = session.get(ReviewItem, item_id)
        assert item is not None
        return item


def row_count(jobs: Jobs, model: type[FlagRow] | type[Analysis], item_id: str) -> int:
    with jobs.database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(model).where(model.item_id == item_id)
        )
        return count or 0
