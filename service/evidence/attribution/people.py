"""People named so far in an article, so that surnames, roles and pronouns resolve to them."""

from dataclasses import dataclass, field

from service.evidence.factbase import FactBase


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    affiliation: str | None = None
    unnamed: bool = False
    """An unnamed participant ("the investor"): "he" may stand for it, no name resolves to it."""
    surname: str = field(init=False)
    """The name's last word, split once: every name in an article is resolved against it (so
    `name` is never reassigned; a role or an affiliation may be filled in later)."""

    def __post_init__(self) -> None:
        self.surname = self.name.split()[-1] if self.name else ""


@dataclass(slots=True)
class Registry:
    factbase: FactBase
    people: list[Person] = field(default_factory=list)

    def register(self, name: str, role: str | None) -> Person:
        known = self.resolve(name)
        if known is not None:
            known.role = known.role or role
            self._move_to_end(known)
            return known
        official = self.factbase.official_named(name)
        if official is not None and len(name.split()) == 1:
            name = official.name  # a reference official named by surname only
        person = Person(name, role or (official.office if official else None))
        person.affiliation = official.description if official else None
        self.people.append(person)
        return person

    def register_unnamed(self, role: str | None) -> None:
        """An unnamed source just spoke: a following "he said" is theirs, not the last name's."""
        self.people.append(Person("", role, unnamed=True))

    def unnamed_with(self, noun: str) -> bool:
        """Whether an unnamed participant with this head noun spoke before ("an investor")."""
        return any(
            person.unnamed and person.role and person.role.lower().split()[-1] == noun
            for person in self.people
        )

    def resolve(self, name: str) -> Person | None:
        last = name.split()[-1]
        for person in reversed(self.people):
            if person.unnamed:
                continue
            if person.name == name or person.surname == last:
                return person
        return None

    def by_role(self, role: str) -> Person | None:
        for person in reversed(self.people):
            if person.role and not person.unnamed and role.lower() in person.role.lower():
                return person
        return None

    def latest(self) -> Person | None:
        """The person most recently named or quoted: who "he" or "she" most likely is."""
        return self.people[-1] if self.people else None

    def _move_to_end(self, person: Person) -> None:
        self.people.remove(person)
        self.people.append(person)
