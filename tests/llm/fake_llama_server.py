"""A stand-in for `python -m llama_cpp.server`, run by the supervisor's own code path.

It takes the same arguments (`--port`, `--model_alias`; the rest ignored) and, like llama.cpp's
server, answers one request at a time. Knobs, from the environment the child inherits:

- `FAKE_LLAMA_LOAD_S`: seconds before it listens (the model loading);
- `FAKE_LLAMA_REPLY_S`: seconds each chat completion takes;
- `FAKE_LLAMA_EXIT_CODE`: exit at once with this code instead of serving (a crash loop);
- `FAKE_LLAMA_REPLY`: the assistant message content (default `{"flags": []}`).
"""

import argparse
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model_alias", default="fake")
    args, _ = parser.parse_known_args()
    if "FAKE_LLAMA_EXIT_CODE" in os.environ:
        print("fake llama server: failing on purpose", flush=True)
        sys.exit(int(os.environ["FAKE_LLAMA_EXIT_CODE"]))
    time.sleep(float(os.environ.get("FAKE_LLAMA_LOAD_S", "0")))
    server = HTTPServer(("127.0.0.1", args.port), _handler(args.model_alias))
    print(f"fake llama server listening on {args.port}", flush=True)
    server.serve_forever()


def _handler(alias: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/v1/models":
                self._send(404, {"detail": "not found"})
                return
            self._send(200, {"object": "list", "data": [{"id": alias, "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self.rfile.read(length)
            time.sleep(float(os.environ.get("FAKE_LLAMA_REPLY_S", "0")))
            self._send(200, _completion(alias, os.environ.get("FAKE_LLAMA_REPLY", '{"flags": []}')))

        def _send(self, status: int, payload: object) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            print(format % args, flush=True)

    return Handler


def _completion(alias: str, content: str) -> dict[str, object]:
    return {
        "id": "fake-1",
        "object": "chat.completion",
        "created": 0,
        "model": alias,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


if __name__ == "__main__":
    main()
