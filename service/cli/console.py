"""What `deskcheck serve` shows a person: one banner, apart from the log lines, once the
server listens: where the API and the desk are, what a full analysis runs here, and the first
admin key when this start created it."""

import socket
import sys
from dataclasses import dataclass
from typing import TextIO

import uvicorn

from service.app import create_app
from service.config import Settings
from service.llm.tasks import analysis_plan
from service.observability.logs import logging_config
from service.review.lifecycle import review_url, served_url

_RULE = "─" * 72


@dataclass
class Banner:
    settings: Settings
    first_key: str | None = None

    def keep_first_key(self, key: str) -> None:
        """Called by the store's opening when it created the first admin key."""
        self.first_key = key

    def text(self) -> str:
        url = served_url(self.settings)
        backend = "embedded" if self.settings.embedded else "openai-compatible"
        plan = analysis_plan(self.settings, backend)
        lines = [
            "",
            _RULE,
            f"deskcheck: serving on {url}",
            f"  desk      {review_url(self.settings)}",
            f"  API docs  {url}/docs",
            f"  full mode {plan.detail}",
        ]
        if self.first_key is not None:
            lines += [
                "deskcheck: created the first admin key (shown only now, keep it):",
                f"  {self.first_key}",
                f"Open {review_url(self.settings)} and log in with it; make more with "
                "`deskcheck keys create`.",
            ]
        return "\n".join([*lines, _RULE, ""])

    def show(self, out: TextIO | None = None) -> None:
        print(self.text(), file=out or sys.stderr, flush=True)


class AnnouncingServer(uvicorn.Server):
    """uvicorn's server, which shows the banner once it listens (after its own start lines),
    so the key and the addresses are never buried among them."""

    def __init__(self, config: uvicorn.Config, banner: Banner) -> None:
        super().__init__(config)
        self.banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:
            self.banner.show()


def serve_with_banner(settings: Settings, verbose: bool) -> None:
    banner = Banner(settings)
    config = uvicorn.Config(
        create_app(settings, announce_first_key=banner.keep_first_key),
        host=settings.host,
        port=settings.port,
        log_config=logging_config(settings.log_level, settings.log_format, verbose=verbose),
        access_log=False,  # service.observability.access writes one line a request
        # uvicorn's own X-Forwarded-For handling trusts any loopback peer by default, so a
        # client on this host could name a new address with each guess; the app decides
        # (DESKCHECK_TRUSTED_PROXIES, service/auth/address.py).
        proxy_headers=False,
    )
    AnnouncingServer(config, banner).run()
