from dataclasses import dataclass

from service.auth.keys import Role, role_covers


@dataclass(frozen=True)
class Principal:
    """Who is acting: the key's id, its (unique) name and its role."""

    key_id: int
    name: str
    role: str

    def can(self, role: Role) -> bool:
        return role_covers(self.role, role)
