"""Accounts: people who sign in to the desk with a user name and a password.

`passwords` hashes (argon2id), `service` does the work and writes the audit chain, `router`
is the JSON API (/accounts), `pages` the desk's admin page (/desk/accounts), `cli` the
`deskcheck accounts` command. API keys (`service.auth.keys`) stay for machines.
"""
