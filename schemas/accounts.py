"""Accounts: people who sign in to the desk with a user name and a password (admins manage them
at /accounts). API keys stay for machines."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StrictBool

Role = Literal["submitter", "editor", "admin"]
AccountName = Field(
    min_length=1,
    max_length=64,
    pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$",
    description="The user name people sign in with; unique across accounts and API keys, as "
    "the audit trail records who acted by name.",
)
NewPassword = Field(
    default=None,
    min_length=10,
    max_length=256,
    description="10 to 256 characters. Leave it out to have one generated and returned once.",
)


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = AccountName
    role: Role
    password: SecretStr | None = NewPassword


class AccountUpdate(BaseModel):
    """A new role, disabled (`true`: signed out at once, no sign-in) or enabled again; each
    change is an audit row."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    disabled: StrictBool | None = None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: SecretStr | None = NewPassword


class AccountView(BaseModel):
    name: str
    role: Role
    disabled: bool
    created_at: datetime
    created_by: str
    password_set_at: datetime
    last_login_at: datetime | None


class AccountWithPassword(AccountView):
    generated_password: str | None = Field(
        description="The password deskcheck generated, shown only in this answer; null when "
        "the request gave one."
    )


class AccountList(BaseModel):
    accounts: list[AccountView]
