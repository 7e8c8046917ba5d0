from dataclasses import dataclass
from typing import Literal

from service.auth.keys import Role, role_covers

PrincipalKind = Literal["key", "account"]


@dataclass(frozen=True)
class Principal:
    """Who is acting: an API key (machines) or an account (a person), by its id within its
    kind, its name (unique across keys and accounts: the audit trail records it) and its role."""

    id: int
    name: str
    role: str
    kind: PrincipalKind = "key"

    def can(self, role: Role) -> bool:
        return role_covers(self.role, role)

    @property
    def described(self) -> str:
        """How a refusal names it: "the key 'ingest'", "the account 'alice'"."""
        return f"the {self.kind} '{self.name}'"
