"""API keys with roles: submitter ⊂ editor ⊂ admin."""

from service.auth.deps import AdminDep, EditorDep, Principal, SubmitterDep, principal_for
from service.auth.keys import ROLES, Role, create_key, find_key

__all__ = [
    "ROLES",
    "AdminDep",
    "EditorDep",
    "Principal",
    "Role",
    "SubmitterDep",
    "create_key",
    "find_key",
    "principal_for",
]
