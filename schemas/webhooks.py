"""Webhooks to the CMS: endpoints admins register per event, and the log of deliveries."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

WebhookEvent = Literal[
    "item.analysed", "item.approved", "item.returned", "item.assigned", "comment.added"
]
DeliveryState = Literal["pending", "sending", "delivered", "failed"]


class WebhookRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        max_length=2000,
        pattern=r"^https?://[^\s/?#]+[^\s]*$",
        description="Where deliveries are POSTed (http or https).",
    )
    events: list[WebhookEvent] = Field(min_length=1, max_length=5)


class WebhookView(BaseModel):
    id: int
    url: str
    events: list[WebhookEvent]
    created_by: str
    created_at: datetime
    disabled: bool


class WebhookCreated(WebhookView):
    secret: str = Field(
        description="The signing secret (`whsec_...`), shown only now: give it to the receiver "
        "to check each delivery's `webhook-signature` (Standard Webhooks)."
    )


class DeliveryView(BaseModel):
    id: str = Field(description="The `webhook-id` header: the same on every retry.")
    endpoint_id: int
    event: WebhookEvent
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: str = Field(description="The body as sent (JSON).")


class DeliveryPage(BaseModel):
    deliveries: list[DeliveryView]
    total: int
