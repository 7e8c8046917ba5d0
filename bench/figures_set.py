"""A test set for figures given twice: `python bench/figures_set.py DIR [DIR ...]`.

Reads real articles (one `.txt` file each, e.g. PTC train-articles or PolNeAR train `text/`) from
the folders given, and for each article builds three texts:
- a positive: a figure for a measure inserted early, and later a restatement of the same measure
  with a different value (another source, an update or correction, reported speech, passive,
  apposition, a number in words or other units, an anaphor such as "the figure" or "the toll");
- a control: the same figure, and later a sentence that is *not* a second value of it (a change
  stated as a change, a part of the whole, another place or time, a rate, the same value in
  other words, a range holding both);
- the article unmodified.
It runs the evidence layer (fast mode) on each and prints recall on positives, false alarms on
controls (any numeric contradiction touching an inserted sentence) and false numeric pairs per
unmodified article.

The templates live here, apart from the detector: they are the test, never the rule. Templates
are split in two halves (`--templates dev|held`): work on `dev`, check `held` last.
"""

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from service.evidence import analyze
from service.text import build_document

# (noun, participle) pairs: what is counted and what happened to it.
MEASURES = [
    ("people", "killed"),
    ("people", "injured"),
    ("protesters", "arrested"),
    ("homes", "destroyed"),
    ("residents", "evacuated"),
    ("migrants", "detained"),
    ("civilians", "wounded"),
    ("patients", "hospitalised"),
    ("soldiers", "captured"),
    ("flights", "cancelled"),
    ("workers", "laid off"),
    ("cars", "damaged"),
    ("buildings", "flattened"),
    ("students", "expelled"),
    ("refugees", "resettled"),
    ("ballots", "rejected"),
]
SOURCES = [
    ("police", "Police"),
    ("the interior ministry", "The interior ministry"),
    ("the mayor's office", "The mayor's office"),
    ("local officials", "Local officials"),
    ("Red Cross spokeswoman Anna Berg", "Red Cross spokeswoman Anna Berg"),
    ("hospital officials", "Hospital officials"),
    ("the state news agency", "The state news agency"),
    ("Governor Mark Delaney", "Governor Mark Delaney"),
    ("the United Nations", "The United Nations"),
    ("a union representative, Tom Reyes,", "A union representative, Tom Reyes,"),
]
PLACES = ["Harlow", "Tarvik", "Norrfield", "Belmonte", "Kestrel Bay", "Oldmarsh"]
OTHER_PLACES = ["Dunmore", "Velcastle", "Pinehurst", "Ashgrove"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# The first mention of the measure. {n1} is a figure in digits.
FIRSTS = [
    "{Src1} said {n1} {noun} were {ev} in {place} on {day}.",
    "In {place}, {n1} {noun} were {ev} on {day}, according to {src1}.",
    "{Src1} said on {day} that {n1} {noun} had been {ev} in {place}.",
    "At least {n1} {noun} were {ev} in {place}, {src1} said.",
]

# Restatements with a different value {n2} ({w2}: in words). Even index: dev; odd: held.
POSITIVES = [
    "{Src2} said {n2} {noun} were {ev}.",
    "{Src2} put the number of {noun} {ev} at {n2}.",
    "{Src1} later revised the figure, saying {n2} {noun} had been {ev}.",
    "Update: {src1} now says {n2} {noun} were {ev}.",
    '"{N2} {noun} were {ev}," {src2} told reporters.',
    "According to {src2}, the number of {noun} {ev} stood at {n2}.",
    "{Src2} told a news conference that {n2} {noun} had been {ev}.",
    "{Src2} said {w2} {noun} were {ev}.",
    "{Src2}, which keeps its own count, said {n2} {noun} were {ev}.",
    "{Src2} gave a different figure: {n2} {noun} {ev}.",
    "{Src2} disputed that estimate, saying {n2} {noun} had been {ev}.",
    "A spokesperson for {src2} said the true number of {noun} {ev} was {n2}.",
    "{N2} {noun} were {ev}, {src2} said in a statement.",
    "Figures released by {src2} show that {n2} {noun} were {ev}.",
    "{Src2} reported that {w2} {noun} were {ev} in the incident.",
    "The number of {noun} {ev} was {n2}, {src2} said.",
    "{Src1} corrected its earlier count and said {n2} {noun} had been {ev}.",
    "{N2} {noun}, {src2} said, had been {ev}.",
    "{Src2} said it had counted {n2} {noun} {ev}.",
    "{Src2} put the figure at {n2}.",
    "{Src2} said that {n2} {noun} were {ev}, a lower figure than previously reported.",
    "{Src2}, however, said only {n2} {noun} had been {ev}.",
    "But {src2} insisted that {w2} {noun} had been {ev}.",
    "Earlier, {src2} had said that {n2} {noun} were {ev}.",
    "{Src2}'s own tally of {noun} {ev} is {n2}.",
    "By {src2}'s count, {n2} {noun} were {ev}.",
    "{Src2} estimated that {n2} {noun} were {ev}.",
    "A report by {src2} found that {n2} {noun} were {ev}.",
    "{Src2} later gave the figure as {n2}.",
    "Officials at {src2} said {n2} {noun} had been {ev}, not {n1}.",
    "{Src2} said the toll of {noun} {ev} was {n2}.",
    "{Src2} said {n2} {noun} were {ev} there.",
]

# Not a second value: (kind, template). {n2} here is any other figure; {part}, {lo}, {hi},
# {w1}, {same} are filled per kind.
CONTROLS = [
    ("change", "By evening the number of {noun} {ev} had risen to {up}, {src2} said."),
    ("change", "{Src2} said {more} more {noun} were {ev} on {day2}."),
    ("change", "The number of {noun} {ev} climbed to {up} overnight."),
    ("change", "{Src2} said the figure had since increased to {up}."),
    ("part", "{Part} of them were children, {src2} said."),
    ("part", "Among those {ev} were {part} women, according to {src2}."),
    ("part", "{Src2} said {part} of the {noun} {ev} were foreign nationals."),
    ("part", "They included {part} teenagers, {src2} said."),
    ("other", "In {year}, {n2} {noun} were {ev} in {place}, {src2} said."),
    ("other", "In neighbouring {other}, {n2} {noun} were {ev}, {src2} said."),
    ("other", "Last year, {src2} said, {n2} {noun} were {ev} in similar unrest."),
    ("other", "In {other} on {day2}, {src2} said {n2} {noun} had been {ev}."),
    ("rate", "{Src2} said about {n2} {noun} a day were {ev} during the unrest."),
    ("rate", "On average {n2} {noun} are {ev} every week, {src2} said."),
    ("rate", "{Src2} said {n2} {noun} were {ev} per month last year."),
    ("rate", "Some {n2} {noun} a week are {ev} in the region, {src2} says."),
    ("same", "{Src2} confirmed that {w1} {noun} were {ev}."),
    ("same", "{Src2} put the number of {noun} {ev} at {same}."),
    ("same", "{Src2} said {same} {noun} had been {ev}."),
    ("same", "The figure of {w1} {noun} {ev} was confirmed by {src2}."),
    ("range", "{Src2} said between {lo} and {hi} {noun} were {ev}."),
    ("range", "{Src2} estimated that {lo} to {hi} {noun} had been {ev}."),
    ("range", "Between {lo} and {hi} {noun} were {ev}, {src2} said."),
    ("range", "{Src2} put the number of {noun} {ev} at {lo}-{hi}."),
]

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_UNITS += "fifteen sixteen seventeen eighteen nineteen"
_WORD_UNITS = _UNITS.split()
_WORD_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(number: int) -> str:
    """English words for 0..999,999 ("two hundred and thirty-one")."""
    if number >= 1000:
        thousands, rest = divmod(number, 1000)
        tail = f" {in_words(rest)}" if rest else ""
        return f"{in_words(thousands)} thousand{tail}"
    if number >= 100:
        hundreds, rest = divmod(number, 100)
        tail = f" and {in_words(rest)}" if rest else ""
        return f"{_WORD_UNITS[hundreds]} hundred{tail}"
    if number >= 20:
        tens, units = divmod(number, 10)
        return _WORD_TENS[tens - 2] + (f"-{_WORD_UNITS[units]}" if units else "")
    return _WORD_UNITS[number]


def digits(number: int) -> str:
    return f"{number:,}"


def same_in_other_words(number: int, rng: random.Random) -> str:
    """The same value written differently: "a dozen" for 12, "2.4 thousand" for 2,400."""
    if number % 12 == 0 and number <= 48:
        return "a dozen" if number == 12 else f"{in_words(number // 12)} dozen"
    if number >= 1000 and number % 100 == 0:
        return f"{number / 1000:g} thousand"
    return in_words(number) if rng.random() < 0.5 else digits(number)


@dataclass
class Case:
    kind: str
    template: str
    text: str
    inserted: tuple[tuple[int, int], ...]


def _slots(rng: random.Random, below: bool) -> dict[str, str | int]:
    noun, ev = rng.choice(MEASURES)
    (src1, cap1), (src2, cap2) = rng.sample(SOURCES, 2)
    n1 = rng.choice([rng.randint(12, 60), rng.randint(60, 400), rng.randint(4, 40) * 12])
    if rng.random() < 0.2:
        n1 = rng.randint(12, 90) * 100
    factor = rng.choice([rng.uniform(0.45, 0.72), rng.uniform(1.4, 2.2)])
    if below:  # "at least 40" holds any higher figure: a second value must be lower
        factor = rng.uniform(0.45, 0.72)
    n2 = max(2, round(n1 * factor))
    lo, hi = round(n1 * rng.uniform(0.5, 0.9)), round(n1 * rng.uniform(1.1, 1.6))
    return {
        "noun": noun,
        "ev": ev,
        "src1": src1,
        "Src1": cap1,
        "src2": src2,
        "Src2": cap2,
        "place": rng.choice(PLACES),
        "other": rng.choice(OTHER_PLACES),
        "day": rng.choice(DAYS[:3]),
        "day2": rng.choice(DAYS[3:]),
        "year": rng.choice(["2009", "2012", "2014"]),
        "n1v": n1,
        "n2v": n2,
        "n1": digits(n1),
        "n2": digits(n2),
        "N2": digits(n2),
        "w1": in_words(n1),
        "w2": in_words(n2),
        "up": digits(round(n1 * rng.uniform(1.3, 2.0))),
        "more": digits(max(2, round(n1 * rng.uniform(0.2, 0.6)))),
        "part": digits(max(2, round(n1 * rng.uniform(0.1, 0.5)))),
        "lo": digits(lo),
        "hi": digits(hi),
    }


def _fill(template: str, slots: dict[str, str | int], rng: random.Random) -> str:
    values = {k: str(v) for k, v in slots.items()}
    values["same"] = same_in_other_words(int(slots["n1v"]), rng)
    values["Part"] = values["part"]
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _insert(
    article: str, sentences: list[str], rng: random.Random
) -> tuple[str, list[tuple[int, int]]]:
    """Each sentence as its own paragraph: the first early, the second a few paragraphs on."""
    paragraphs = [p for p in article.split("\n") if p.strip()]
    first = min(len(paragraphs), rng.randint(1, 2))
    second = min(len(paragraphs) + 1, first + 1 + rng.randint(1, 4))
    paragraphs.insert(first, sentences[0])
    paragraphs.insert(second, sentences[1])
    text = "\n\n".join(paragraphs)
    spans = []
    for sentence in sentences:
        start = text.index(sentence)
        spans.append((start, start + len(sentence)))
    return text, spans


def build_cases(article: str, rng: random.Random, half: str) -> list[Case]:
    parity = 0 if half == "dev" else 1
    positives = [t for i, t in enumerate(POSITIVES) if i % 2 == parity]
    controls = [(k, t) for i, (k, t) in enumerate(CONTROLS) if i % 2 == parity]
    first_template = rng.choice(FIRSTS)
    slots = _slots(rng, below="least" in first_template)
    first = _fill(first_template, slots, rng)
    positive = rng.choice(positives)
    text, spans = _insert(article, [first, _fill(positive, slots, rng)], rng)
    cases = [Case("positive", positive, text, tuple(spans))]
    kind, control = rng.choice(controls)
    text, spans = _insert(article, [first, _fill(control, slots, rng)], rng)
    cases.append(Case(kind, control, text, tuple(spans)))
    cases.append(Case("unmodified", "", article, ()))
    return cases


def numeric_pairs(text: str) -> list[tuple[tuple[int, int], ...]]:
    """The sentence spans of each numeric contradiction the evidence layer finds."""
    document = build_document(text)
    evidence = analyze(document)
    pairs = []
    for contradiction in evidence.contradictions:
        if contradiction.type == "numeric":
            sentences = [document.sentences[i] for i in contradiction.sentences]
            pairs.append(tuple((s.start, s.end) for s in sentences))
    return pairs


def _touches(pair: tuple[tuple[int, int], ...], span: tuple[int, int]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in pair)


def score(cases: list[Case]) -> dict[str, object]:
    found, positives, alarms, controls, false_pairs, articles = 0, 0, 0, 0, 0, 0
    by_kind: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    alarm_examples: list[list[str]] = []
    missed_examples: list[list[str]] = []
    for case in cases:
        pairs = numeric_pairs(case.text)
        if case.kind == "unmodified":
            articles += 1
            false_pairs += len(pairs)
        elif case.kind == "positive":
            positives += 1
            hit = any(all(_touches(p, s) for s in case.inserted) for p in pairs)
            found += hit
            if not hit:
                missed[case.template] += 1
                missed_examples.append([case.text[a:b] for a, b in case.inserted])
        else:
            controls += 1
            if any(_touches(p, s) for p in pairs for s in case.inserted):
                alarms += 1
                by_kind[case.kind] += 1
                alarm_examples.append([case.text[a:b] for a, b in case.inserted])
    return {
        "recall": round(found / max(positives, 1), 3),
        "positives": positives,
        "false_alarm_rate": round(alarms / max(controls, 1), 3),
        "controls": controls,
        "false_alarms_by_kind": dict(by_kind),
        "false_pairs_per_article": round(false_pairs / max(articles, 1), 3),
        "articles": articles,
        "missed_templates": dict(missed.most_common(8)),
        "alarm_examples": alarm_examples[:6],
        "missed_examples": missed_examples[:8],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=300, help="articles to use, in all")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--templates", choices=["dev", "held"], default="dev")
    parser.add_argument("--repeat", type=int, default=1, help="cases built per article")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (a reproducible test set, not a secret)
    files = sorted(f for folder in args.folders for f in folder.glob("*.txt"))
    rng.shuffle(files)
    cases: list[Case] = []
    for path in files[: args.limit]:
        article = path.read_text(encoding="utf-8", errors="replace")
        for repeat in range(args.repeat):
            built = build_cases(article, rng, args.templates)
            cases.extend(built if repeat == 0 else built[:2])
    print(json.dumps(score(cases), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
