"""Rendering the shared article head plus one task into the messages a model receives."""

from service.llm import Messages, load_prompt, numbered_sentences
from service.text import Document


def task_messages(
    task: str, document: Document, marker: str, part: range | None = None, **task_values: object
) -> Messages:
    """System: instructions and the article (shared, cacheable). User: the task.

    `part`: the sentence ids to send when the article is read in parts; ids stay the article's.
    """
    head = load_prompt("article_context")
    body = load_prompt(task)
    sentences = document.sentences if part is None else document.sentences[part.start : part.stop]
    system = head.render(
        "system",
        marker=marker,
        numbered_sentences=numbered_sentences([s.text for s in sentences], sentences[0].index),
    )
    user = body.render("task", **task_values)
    return Messages(prompt=body.ref, system=system, user=user, marker=marker)
