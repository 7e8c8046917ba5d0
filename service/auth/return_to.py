"""Where the log-in sends an editor back to: the desk page they were on when the session ended.

The path travels as `next` through the log-in page, so anyone can write a link with their own
`next`: only a path on this site's desk is followed (no scheme, no host, no `//` or backslash
that a browser would read as another host, nothing that is not printable), else the queue.
"""

from urllib.parse import urlsplit

from fastapi import Request

DESK = "/desk/"
_NOT_BACK_TO = ("/desk/login", "/desk/logout")
_LONGEST = 2000


def safe_return_path(value: str | None) -> str | None:
    """`value` if it is a relative path on this site's desk, else None."""
    if not value or len(value) > _LONGEST or not value.isprintable() or "\\" in value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith(DESK):
        return None
    if parts.path.startswith(_NOT_BACK_TO) or value.startswith("//"):
        return None
    return value


def return_path_of(request: Request) -> str | None:
    """The desk page a request without a session came from: the page itself for a GET; for a
    form post, the page that sent it (its Referer, when it is this site's). None for the queue,
    where a log-in goes anyway."""
    if request.method == "GET":
        query = f"?{request.url.query}" if request.url.query else ""
        back = safe_return_path(request.url.path + query)
    else:
        sender = urlsplit(request.headers.get("referer", ""))
        query = f"?{sender.query}" if sender.query else ""
        same_site = sender.netloc == request.url.netloc
        back = safe_return_path(sender.path + query) if same_site else None
    return None if back == DESK else back
