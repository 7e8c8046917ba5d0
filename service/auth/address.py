"""Which address a request is counted against (failed authentications, rate limits).

The socket peer's own address, unless the peer is a reverse proxy the operator listed
(DESKCHECK_TRUSTED_PROXIES). Then it is the right-most address of X-Forwarded-For that is not a
listed proxy: each proxy appends the address it received the request from, so everything left
of that hop was written by the client and proves nothing. A client that is not a listed proxy
can send any X-Forwarded-For it likes; it is ignored, so a new header per guess does not make a
new client. `deskcheck serve` runs uvicorn without its own proxy-header handling, which would
otherwise trust any loopback peer's header before the app sees the request.
"""

import ipaddress
from collections.abc import Iterable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_MAX_HOP_CHARS = 64
"""An unparseable hop is still a client (it counts), but not an unbounded key in the counter."""


class ClientAddresses:
    def __init__(self, trusted_proxies: Iterable[str]) -> None:
        self._proxies: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(entry, strict=False) for entry in trusted_proxies
        )

    def resolve(self, peer: str | None, forwarded_for: Sequence[str]) -> str:
        """The client behind `peer`, given every X-Forwarded-For header value in order."""
        if peer is None:
            return "unknown"
        if not self._is_proxy(peer):
            return peer
        hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
        hops = [hop for hop in hops if hop]
        for hop in reversed(hops):
            if not self._is_proxy(hop):
                return _canonical(hop)
        # Every hop is a listed proxy: the farthest one is the best that can be said.
        return _canonical(hops[0]) if hops else peer

    def _is_proxy(self, address: str) -> bool:
        parsed = _parsed(address)
        return parsed is not None and any(parsed in network for network in self._proxies)


def _parsed(address: str) -> IPAddress | None:
    """An address as proxies write it: bare, `[v6]:port` or `v4:port`; None if it is not one."""
    text = address.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def _canonical(hop: str) -> str:
    parsed = _parsed(hop)
    return str(parsed) if parsed is not None else hop[:_MAX_HOP_CHARS]
