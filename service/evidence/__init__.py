"""The deterministic evidence layer: fast, explainable findings that hold on every backend."""

from service.evidence.analyze import analyze
from service.evidence.model import (
    Attribution,
    ClaimEvidence,
    ContradictionEvidence,
    Evidence,
    Signal,
)

__all__ = ["Attribution", "ClaimEvidence", "ContradictionEvidence", "Evidence", "Signal", "analyze"]
