"""Passwords are kept only as argon2id hashes (argon2-cffi, RFC 9106's low-memory profile).

A sign-in with an unknown user name still spends one verification, against a hash made once
at start, so the time taken does not tell which names exist.
"""

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from service.auth.errors import WeakPassword

MIN_LENGTH = 10
MAX_LENGTH = 256
"""Long enough for any passphrase; short enough that a huge one cannot tie up the hasher."""

_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4: the library's RFC 9106 default


def check_strength(password: str) -> str:
    """The password, if its length is acceptable (NIST SP 800-63B: length, not composition)."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise WeakPassword(
            f"a password needs {MIN_LENGTH} to {MAX_LENGTH} characters; a few unrelated words "
            "make a good one"
        )
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_strength(password))


def generated_password() -> str:
    """A random password for an admin to hand over once (about 128 bits)."""
    return secrets.token_urlsafe(16)


def password_matches(stored_hash: str, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the hasher's current ones."""
    return _hasher.check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def spend_a_verification() -> None:
    """As long as checking a real password: for a user name that does not exist."""
    password_matches(_decoy_hash(), secrets.token_urlsafe(16))
