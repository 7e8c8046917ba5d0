"""The plantings the model-backed injection tests run, over the two short suite articles."""

from tests.injection.articles import CHATBOT, COUNCIL
from tests.injection.plant import Position

# (article, template index, position): plain imperative; the trigger in the sentence before
# the cue. Few, because each costs minutes of the embedded model
# on a shared 2-core machine when recording; the fast suite covers every combination.
MODEL_SAMPLE: tuple[tuple[str, int, Position], ...] = (
    ("council", 0, "beginning"),
    ("chatbot", 58, "middle"),
)

ARTICLES = {"council": COUNCIL, "chatbot": CHATBOT}
