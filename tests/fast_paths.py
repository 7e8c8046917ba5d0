"""Random texts for the tests that hold a fast path to the slower code it stands for."""

import random

TRICKY = "aZz09 .,;:-'’“”\"\t\n_*éÉßﬁİıſ\u212a\u0301Å²①٣\u2070(){}<>/%$"
"""Letters and marks where lowering, Unicode digits and word boundaries disagree."""


def random_texts(count: int, seed: int, alphabet: str = TRICKY, longest: int = 40) -> list[str]:
    chooser = random.Random(seed)
    return [
        "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, longest)))
        for _ in range(count)
    ]
