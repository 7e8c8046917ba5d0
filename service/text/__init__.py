"""Normalization and segmentation: the offsets every other layer quotes from."""

from service.text.document import Document, Sentence, build_document

__all__ = ["Document", "Sentence", "build_document"]
