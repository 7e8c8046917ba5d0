"""Turning a submitted article into a Document, refusing what cannot be analysed."""

from schemas.common import ArticleIn, ArticleInfo, Span
from service.config import Settings
from service.errors import ArticleTooLarge, BadArticle
from service.text import Document, build_document


def intake(article: ArticleIn, settings: Settings) -> Document:
    text = article.text
    if len(text) > settings.max_article_chars:
        raise ArticleTooLarge(
            f"the article has {len(text):,} characters; the limit is "
            f"{settings.max_article_chars:,} (DESKCHECK_MAX_ARTICLE_CHARS). "
            "Split it or raise the limit."
        )
    if "\x00" in text:
        raise BadArticle("article.text contains NUL characters; send the plain text of the article")
    document = build_document(text)
    if not document.sentences:
        raise BadArticle("article.text is empty or only white space; send the article's text")
    return document


def article_info(document: Document) -> ArticleInfo:
    return ArticleInfo(
        sha256=document.sha256, chars=len(document.submitted), sentences=len(document.sentences)
    )


def submitted_span(document: Document, start: int, end: int) -> Span:
    """A span of the cleaned text, re-expressed against the submitted text."""
    s, e = document.to_submitted(start, end)
    return Span(start=s, end=e, text=document.submitted[s:e])
