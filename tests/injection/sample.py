"""The plantings the model-backed injection tests run: a spread of template kinds and positions
over the two short suite articles (the model reads each in seconds)."""

from tests.injection.articles import CHATBOT, COUNCIL
from tests.injection.plant import Position

# (article, template index, position): plain imperative, model-reply imitation, chat markup,
# JSON role object, vocative, markdown prompt block, "do not mention", trigger before the cue.
MODEL_SAMPLE: tuple[tuple[str, int, Position], ...] = (
    ("council", 0, "beginning"),
    ("council", 9, "middle"),
    ("council", 18, "end"),
    ("council", 23, "beginning"),
    ("chatbot", 27, "middle"),
    ("chatbot", 15, "end"),
    ("chatbot", 37, "beginning"),
    ("chatbot", 58, "middle"),
)

ARTICLES = {"council": COUNCIL, "chatbot": CHATBOT}
