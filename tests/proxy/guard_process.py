"""A real `bsm-guard run` process for the tests that attack it, and real clients to do so.

The process runs exactly what a seller runs (`python -m proxy run`), on free loopback ports,
with its own data dir. Tests that only need refusals (blocks, 4xx) need no upstream: the guard
answers them itself and never connects out (`connection_strategy=lazy`). Its output is read by
a thread, so a test can wait for a line and the pipe never fills.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GuardProcess:
    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None,
                 nofile: int | None = None):
        self.data_dir = data_dir
        self.proxy_port, self.api_port = free_port(), free_port()
        self.lines: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proxy", "run", "--data-dir", str(data_dir),
             "--proxy-port", str(self.proxy_port), "--api-port", str(self.api_port), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile)))
            if nofile else None)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))

    @property
    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def wait_for_line(self, pattern: str, timeout: float = 60) -> tuple[float, re.Match]:
        deadline = time.monotonic() + timeout
        rex = re.compile(pattern)
        while time.monotonic() < deadline:
            for at, line in list(self.lines):
                m = rex.search(line)
                if m:
                    return at, m
            if self.proc.poll() is not None:
                raise AssertionError(f"bsm-guard exited ({self.proc.returncode}):\n{self.output}")
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s:\n{self.output}")

    def wait_listening(self, timeout: float = 60) -> float:
        """Seconds from start until both ports accept connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"bsm-guard exited ({self.proc.returncode}):\n{self.output}")
            try:
                for port in (self.proxy_port, self.api_port):
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                self.cpu_at_listen = self.cpu_seconds()
                return time.monotonic() - self.started
            except OSError:
                time.sleep(0.02)
        raise AssertionError(f"bsm-guard did not listen within {timeout} s:\n{self.output}")

    @property
    def ca(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.data_dir / "mitmproxy-ca-cert.pem"))

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def cpu_seconds(self) -> float:
        """CPU time the process used so far: on a busy machine, wall time says little about
        how much work the guard does before it listens; this does."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_peak_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)
        return self.proc.returncode


def tls_through_connect(proxy_port: int, target: tuple[str, int], sni: str,
                        trust: ssl.SSLContext, timeout: float = 30) -> ssl.SSLSocket:
    """CONNECT to `target`, then TLS with `sni`: what a client does when the name it speaks
    TLS for is not the address it asked the proxy for."""
    sock = socket.create_connection(("127.0.0.1", proxy_port), timeout)
    host, port = target
    sock.sendall(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the proxy closed the CONNECT")
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer
    return trust.wrap_socket(sock, server_hostname=sni)


def http_over(sock: ssl.SSLSocket, method: str, path: str, host: str, body: bytes,
              headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on an open socket; the whole response."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}",
             "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return int(status_line.split()[1]), found, rest
