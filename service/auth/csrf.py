"""Cross-site form posts: the desk accepts a post only from its own origin, with the token
of the session that rendered the form. SameSite cookies alone leave out older browsers and
same-site subdomains; the token alone leaves out login (there is no session yet)."""

from urllib.parse import urlsplit

from fastapi import Request

from service.auth.errors import CrossSiteRequest


def check_same_origin(request: Request, trusted: list[str]) -> None:
    """Origin (or, when a browser sends none, Referer) must be this desk's own origin."""
    claimed = request.headers.get("origin") or _origin_of(request.headers.get("referer", ""))
    if not claimed or claimed == "null":
        raise CrossSiteRequest(
            "refused: the request names no Origin or Referer, so it cannot be told from a "
            "cross-site post; submit the form from the desk's own page"
        )
    own = _origin_of(str(request.base_url))
    if claimed.rstrip("/") not in {own, *(origin.rstrip("/") for origin in trusted)}:
        raise CrossSiteRequest(
            f"refused: a form on {claimed} cannot post to the desk at {own}; "
            "reload the desk page and submit from there"
        )


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
