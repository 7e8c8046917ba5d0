"""The desk's submit form: the text as the API would see it, and refusals in plain words.

Whatever refuses a submission, the form comes back with every field as the editor left it and
one sentence saying what to do; nothing pasted is lost.
"""

from dataclasses import dataclass

from pydantic import ValidationError

from schemas.common import ArticleIn, Mode
from schemas.review import SubmitRequest
from service.errors import DeskcheckError
from service.review.desk_errors import explanation

_FIELD_NAMES = {"title": "title", "outlet": "outlet", "text": "article text"}


class FormProblem(Exception):
    """A submission the desk refuses before storing it; `message` tells the editor why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SubmissionForm:
    title: str = ""
    outlet: str = ""
    text: str = ""
    mode: Mode = "full"

    @classmethod
    def from_browser(cls, title: str, outlet: str, text: str, mode: str) -> "SubmissionForm":
        # A textarea sends its line breaks as CRLF on every platform, where API clients send
        # LF: counted and stored as LF, a desk article has the length and the spans it would
        # have had through the API, and the limit means the same characters on both.
        return cls(
            title=title.strip(),
            outlet=outlet.strip(),
            text=text.replace("\r\n", "\n"),
            mode="fast" if mode == "fast" else "full",
        )

    def request(self, max_chars: int) -> SubmitRequest:
        """The submission as the API takes it; FormProblem if the desk can already tell it
        would be refused."""
        if not self.text.strip():
            raise FormProblem(
                422, "The article text is empty. Paste the article's text into the box below."
            )
        if len(self.text) > max_chars:
            raise FormProblem(
                413,
                f"The article has {len(self.text):,} characters; the desk takes at most "
                f"{max_chars:,}. Shorten it, or split it into parts and submit each part.",
            )
        try:
            article = ArticleIn(
                text=self.text, title=self.title or None, outlet=self.outlet or None
            )
        except ValidationError as invalid:
            raise FormProblem(422, _field_problem(invalid)) from invalid
        return SubmitRequest(article=article, mode=self.mode)


def refusal_message(refused: DeskcheckError) -> str:
    """What the service's refusal of a submission means for the editor at the form."""
    if refused.for_editors:
        return refused.for_editors
    if refused.kind == "invalid_article":
        return (
            "The article text has nothing deskcheck can read (it is empty, holds only invisible "
            "characters, or holds NUL characters). Paste the article's plain text."
        )
    return explanation(refused.status).text


UNEXPECTED = (
    "Something went wrong on our side while submitting; it is logged. Your text is kept "
    "below. If the article now shows in the queue it was saved; if not, submit again in a "
    "moment, and tell whoever runs deskcheck if it keeps failing."
)


def _field_problem(invalid: ValidationError) -> str:
    first = invalid.errors()[0]
    field = _FIELD_NAMES.get(str(first["loc"][-1]), str(first["loc"][-1]))
    limit = first.get("ctx", {}).get("max_length")
    if limit is not None:
        given = len(first["input"]) if isinstance(first["input"], str) else 0
        return f"The {field} is too long: {given:,} characters, at most {limit:,}. Shorten it."
    return f"The {field} was not understood: {first['msg']}. Correct it and submit again."
