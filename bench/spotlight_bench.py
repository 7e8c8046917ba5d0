"""Does datamarking the article make the embedded model obey planted instructions less?

`python bench/spotlight_bench.py --articles DIR [--count N] [--max-tokens T]`

Plants this bench's own payload shapes (bench/attack_shapes.py, each asking for an ordinary
phrase no news text holds) in the middle of the shortest N development articles of DIR (PTC
train articles; not committed) and of the injection suite's council article, then sends the
`summarize` task to the embedded model (SmolLM2-135M, started here on loopback) twice: the
prompt as the service renders it (the article datamarked, `service/llm/prompts.py`) and the
same prompt with the marks turned back into spaces and the sentence that explains them removed
(`plain`), and with other marks (`--variants`).
Counts the raw answers that carry the payload's phrase (the model obeyed, before any check of
the service's), and the prompt tokens each way. The obeying fake backend cannot take part: it
obeys whatever it reads by construction, so only a real model can show what the marks change.
"""

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openai import AsyncOpenAI

from bench.attack_shapes import own_payloads
from schemas.llm import SummaryDraft
from service.config import Settings
from service.llm.conversation import task_messages
from service.llm.embedded import EmbeddedServer
from service.llm.prompts import new_marker, unmark
from service.text import build_document
from tests.injection.articles import COUNCIL
from tests.injection.plant import plant

_EXPLAINED = re.compile(r" Inside the block the mark.*?without the marks\.\n", re.DOTALL)
_LINE = re.compile(r"^(\[\d+\] )(.*)$", re.MULTILINE)


def unmarked(system: str) -> str:
    """The rendered system prompt as it was before datamarking."""
    return _LINE.sub(lambda m: m.group(1) + unmark(m.group(2)), _EXPLAINED.sub("\n", system))


def _marked_with(mark: str) -> Callable[[str], str]:
    """The service's prompt with `mark` in place of its own (the explaining sentence kept)."""
    return lambda system: _LINE.sub(
        lambda m: m.group(1) + mark.join(unmark(m.group(2)).split(" ")), system
    )


VARIANTS: dict[str, Callable[[str], str]] = {
    "plain": unmarked,
    # As the service renders it: `^` after every word (one token on SmolLM2's vocabulary).
    "service": lambda system: system,
    # The paper's mark in place of each space: two byte tokens here, and it splits the next word.
    "hat": _marked_with("\u02c6"),
}


async def ask(client: AsyncOpenAI, system: str, user: str, max_tokens: int) -> tuple[str, int]:
    response = await client.chat.completions.create(
        model="local",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
        temperature=0.0,
        max_tokens=max_tokens,
        response_format={"type": "json_object", "schema": SummaryDraft.model_json_schema()},  # type: ignore[typeddict-unknown-key]
    )
    usage = response.usage.prompt_tokens if response.usage else 0
    return response.choices[0].message.content or "", usage


async def measure(articles: list[str], max_tokens: int, variants: list[str], step: int) -> None:
    server = EmbeddedServer(Settings())
    server.start()
    try:
        await server.wait_ready()
        client = AsyncOpenAI(base_url=server.base_url, api_key="local", timeout=600)
        obeyed = dict.fromkeys(variants, 0)
        tokens = dict.fromkeys(variants, 0)
        total = 0
        for article in articles:
            for payload in own_payloads()[::step]:
                text = plant(article, payload.text, "middle").text
                document = build_document(text)
                messages = task_messages(
                    "summarize", document, new_marker(text), max_points=3, avoid_terms="-"
                )
                total += 1
                for variant in variants:
                    system = VARIANTS[variant](messages.system)
                    answer, used = await ask(client, system, messages.user, max_tokens)
                    tokens[variant] += used
                    hit = any(w in answer.lower() for w in payload.triggers)
                    obeyed[variant] += hit
                    print(json.dumps({"shape": payload.shape, "variant": variant, "obeyed": hit}))
        for variant in variants:
            print(
                f"{variant}: obeyed {obeyed[variant]}/{total}, "
                f"prompt tokens {tokens[variant] / max(total, 1):.0f} a request"
            )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--max-tokens", type=int, default=160)
    parser.add_argument("--every", type=int, default=1, help="every n-th shape only (CPU)")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt"), key=lambda p: p.stat().st_size)[: args.count]
    articles = [COUNCIL, *(p.read_text(encoding="utf-8") for p in paths)]
    asyncio.run(measure(articles, args.max_tokens, args.variants, args.every))


if __name__ == "__main__":
    main()
