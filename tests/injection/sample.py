"""The plantings the model-backed injection tests run, over the two short suite articles."""

from tests.injection.articles import CHATBOT, COUNCIL
from tests.injection.plant import Position

# (article, template index, position): the trigger in the sentence before the cue. One,
# because each costs minutes of the embedded model on a shared 2-core machine when recording;
# the fast suite covers every combination. (A plain "Ignore previous instructions" at the
# start of the council article was tried too: the model's answer ran to max_tokens, which
# the service reports as a 502 by design, so it pins nothing about injection.)
MODEL_SAMPLE: tuple[tuple[str, int, Position], ...] = (("chatbot", 58, "middle"),)

ARTICLES = {"council": COUNCIL, "chatbot": CHATBOT}
