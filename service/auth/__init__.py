"""API keys with roles (submitter ⊂ editor ⊂ admin) and the desk's sessions."""

from service.auth.deps import AdminDep, EditorDep, SubmitterDep, principal_for
from service.auth.keys import ROLES, Role, create_key, find_key
from service.auth.principal import Principal

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
