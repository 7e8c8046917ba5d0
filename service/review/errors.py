from http import HTTPStatus

from service.errors import DeskcheckError


class ItemNotFound(DeskcheckError):
    status = HTTPStatus.NOT_FOUND
    kind = "not_found"


class InvalidTransition(DeskcheckError):
    """The item is not in a state that allows this action."""

    status = HTTPStatus.CONFLICT
    kind = "invalid_transition"


class NotReady(DeskcheckError):
    """The action needs something the item does not have yet (an analysis, an approval)."""

    status = HTTPStatus.CONFLICT
    kind = "not_ready"


class StaleDecision(DeskcheckError):
    """Someone decided the flag after the version the request expected."""

    status = HTTPStatus.CONFLICT
    kind = "conflict"


class BadDuplicate(DeskcheckError):
    """A `duplicate` decision naming a flag it cannot repeat."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_duplicate"


class ReasonRequired(DeskcheckError):
    """An action that must say why (returning an item) was sent without a reason."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "reason_required"


class BadAssignee(DeskcheckError):
    """An assignment to a name that is no active editor or admin."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_assignee"
