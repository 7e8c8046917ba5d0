"""Webhooks to the CMS: endpoints admins register per event, deliveries signed by the Standard
Webhooks convention (standardwebhooks.com), retried with backoff, logged, redeliverable.

Nothing is lost because nothing is sent from the request: `emit` writes one delivery row per
subscribed endpoint in the same transaction as the change it reports (an outbox), so an event
exists exactly when its change does. Workers then find due rows (`dispatch_due`, every
WEBHOOK_POLL_S), hand each to the queue engine as a job, and the job (`deliver`) takes the row
with a compare-and-set lease, so two workers never send one delivery at once, and a worker that
dies mid-send leaves a row another takes once the lease ends.

The receiver de-duplicates on `webhook-id` (the row's id: the same on every retry and
redelivery, as the convention asks); `webhook-timestamp` is the attempt's time and
`webhook-signature` is `v1,` and the base64 HMAC-SHA256, under the endpoint's secret, of
`{id}.{timestamp}.{body}`.
"""

import base64
import json
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, get_args

import httpx
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from schemas.webhooks import DeliveryPage, DeliveryView, WebhookEvent, WebhookView
from service.config import Settings
from service.review.context import Actor
from service.review.errors import ItemNotFound
from service.store import Database
from service.store.audit import AuditEvent, append_audit
from service.store.models import ReviewItem, WebhookDelivery, WebhookEndpoint, utcnow

EVENTS: tuple[str, ...] = get_args(WebhookEvent)
"""What an endpoint may subscribe to."""
MAX_BACKOFF = timedelta(hours=1)
SENDING_LEASE = timedelta(minutes=10)
"""How long a taken delivery waits for its job before another worker may send it."""
_DUE_BATCH = 100
_ERROR_CHARS = 300


def new_secret() -> str:
    """A signing secret as the convention writes it: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def register(session: Session, url: str, events: list[str], actor: Actor) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        url=url, events=" ".join(events), secret=new_secret(), created_by=actor.name
    )
    session.add(endpoint)
    session.flush()
    _audit(session, actor, "webhook.registered", endpoint.id, f"{url} for {', '.join(events)}")
    return endpoint


def disable(session: Session, endpoint_id: int, actor: Actor) -> WebhookEndpoint:
    endpoint = _endpoint(session, endpoint_id)
    if endpoint.disabled_at is None:
        endpoint.disabled_at = utcnow()
        _audit(session, actor, "webhook.disabled", endpoint.id, endpoint.url)
    return endpoint


def active_endpoints(session: Session) -> list[WebhookEndpoint]:
    """The endpoints events go to: read once by a writer emitting many events."""
    return list(
        session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.disabled_at.is_(None)))
    )


def emit(
    session: Session,
    event: str,
    data: dict[str, Any],
    endpoints: list[WebhookEndpoint] | None = None,
) -> None:
    """Queue `event` for every active endpoint that wants it, in the caller's transaction
    (`endpoints`: the active ones, when the caller has read them already)."""
    if endpoints is None:
        endpoints = active_endpoints(session)
    wanted = [e for e in endpoints if event in e.events.split()]
    if not wanted:
        return
    body = {"type": event, "timestamp": utcnow().isoformat(), "data": data}
    payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    session.add_all(
        WebhookDelivery(
            id=f"msg_{uuid.uuid4().hex}", endpoint_id=e.id, event=event, payload=payload
        )
        for e in wanted
    )


def item_event(session: Session, event: str, item: ReviewItem, **more: Any) -> None:
    """`emit` an event about an item: its id, status, title and outlet, and `more`."""
    data = {
        "item_id": item.id,
        "status": item.status,
        "title": item.article.title,
        "outlet": item.article.outlet,
        **more,
    }
    emit(session, event, data)


def redeliver(session: Session, delivery_id: str, actor: Actor) -> WebhookDelivery:
    """Send a delivery again (same `webhook-id`, so a receiver that has it can tell)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise ItemNotFound(f"no webhook delivery {delivery_id!r}; list them per endpoint")
    if delivery.state != "sending":
        delivery.state, delivery.next_attempt_at = "pending", utcnow()
    _audit(session, actor, "webhook.redelivered", delivery.endpoint_id, delivery.id)
    return delivery


def dispatch_due(database: Database, enqueue: Callable[[str], object]) -> int:
    """Take every delivery that is due (or whose sender's lease ran out) and hand it to the
    queue engine; how many. Taking is a compare-and-set with a lease: a row is handed over once
    per lease, and again only if its job never finished (a duplicate the convention allows:
    the receiver sees the same `webhook-id`)."""
    now = utcnow()
    with database.session() as session:
        candidates = list(
            session.scalars(
                select(WebhookDelivery.id)
                .where(_due(now))
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(_DUE_BATCH)
            )
        )
    taken = [delivery_id for delivery_id in candidates if _take(database, delivery_id, now)]
    for delivery_id in taken:
        enqueue(delivery_id)
    return len(taken)


async def deliver(database: Database, settings: Settings, delivery_id: str) -> None:
    """Send one taken delivery and record the answer (the next attempt's time on failure)."""
    with database.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.state != "sending":
            return  # recorded already by a job handed the same row before
        endpoint = _endpoint(session, delivery.endpoint_id)
        if endpoint.disabled_at is not None:
            delivery.state, delivery.last_error = "failed", "the endpoint was disabled"
            return
        url, secret, payload = endpoint.url, endpoint.secret, delivery.payload
    status: int | None = None
    error: str | None = None
    try:
        async with httpx.AsyncClient(timeout=settings.webhook_timeout_s) as client:
            headers = _signed_headers(secret, delivery_id, payload)
            response = await client.post(url, content=payload.encode(), headers=headers)
        status = response.status_code
        if not response.is_success:
            error = f"the receiver answered {status}"
    except httpx.HTTPError as failure:
        error = (f"{type(failure).__name__}: {failure}")[:_ERROR_CHARS]
    _record(database, settings, delivery_id, status, error)


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        (WebhookDelivery.state == "pending") & (WebhookDelivery.next_attempt_at <= now),
        (WebhookDelivery.state == "sending") & (WebhookDelivery.lease_until < now),
    )


def _take(database: Database, delivery_id: str, now: datetime) -> bool:
    with database.session() as session:
        taken = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, _due(now))
            .values(state="sending", lease_until=now + SENDING_LEASE)
        )
        return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def _signed_headers(secret: str, delivery_id: str, payload: str) -> dict[str, str]:
    moment = utcnow()
    return {
        "content-type": "application/json",
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(delivery_id, moment, payload),
    }


def _record(
    database: Database, settings: Settings, delivery_id: str, status: int | None, error: str | None
) -> None:
    with database.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return
        delivery.attempts += 1
        delivery.last_status, delivery.last_error, delivery.lease_until = status, error, None
        if error is None:
            delivery.state, delivery.delivered_at = "delivered", utcnow()
        elif delivery.attempts >= settings.webhook_max_attempts:
            delivery.state = "failed"
        else:
            delivery.state = "pending"
            delivery.next_attempt_at = utcnow() + backoff(settings, delivery.attempts)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: doubling from WEBHOOK_RETRY_S, at most an hour."""
    wait = timedelta(seconds=settings.webhook_retry_s * 2 ** (attempts - 1))
    return min(wait, MAX_BACKOFF)


def _endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise ItemNotFound(f"no webhook endpoint {endpoint_id}; list them at GET /review/webhooks")
    return endpoint


def _audit(session: Session, actor: Actor, action: str, endpoint_id: int, detail: str) -> None:
    append_audit(
        session,
        AuditEvent(
            actor.name, action, f"webhook:{endpoint_id}", None, None, actor.request_id, detail
        ),
    )


def endpoint_view(endpoint: WebhookEndpoint) -> WebhookView:
    return WebhookView(
        id=endpoint.id,
        url=endpoint.url,
        events=[e for e in EVENTS if e in endpoint.events.split()],
        created_by=endpoint.created_by,
        created_at=endpoint.created_at,
        disabled=endpoint.disabled_at is not None,
    )


def endpoints(session: Session) -> list[WebhookView]:
    rows = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    return [endpoint_view(row) for row in rows]


def deliveries(session: Session, endpoint_id: int, limit: int, offset: int) -> DeliveryPage:
    """An endpoint's delivery log, newest first."""
    _endpoint(session, endpoint_id)
    where = WebhookDelivery.endpoint_id == endpoint_id
    rows = session.scalars(
        select(WebhookDelivery)
        .where(where)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
        .offset(offset)
        .limit(limit)
    )
    total = session.scalar(select(func.count()).select_from(WebhookDelivery).where(where)) or 0
    return DeliveryPage(deliveries=[delivery_view(row) for row in rows], total=total)


def delivery_view(row: WebhookDelivery) -> DeliveryView:
    return DeliveryView.model_validate(row, from_attributes=True)
