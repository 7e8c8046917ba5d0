"""The review store: articles, analyses, review items, decisions, keys and the audit trail."""

from service.store.audit import AuditBreak, append_audit, verify_chain
from service.store.db import Database, database_url

__all__ = ["AuditBreak", "Database", "append_audit", "database_url", "verify_chain"]
