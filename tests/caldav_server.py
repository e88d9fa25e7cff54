"""A real CalDAV server for the tests and the benchmark: Radicale on 127.0.0.1.

Started as its own process on a free port, with htpasswd logins (plain text, which needs no
extra package) and its storage in a given folder, and stopped when the block ends.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_radicale(folder: Path, users: Mapping[str, str]) -> Iterator[str]:
    """Run Radicale with ``users`` (name -> password) storing into ``folder``; yields its base URL."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text("".join(f"{name}:{password}\n" for name, password in users.items()), encoding="utf-8")
    config = folder / "config"
    config.write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
# no pause after a wrong password: the tests try one on purpose
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {folder / "storage"}
[web]
type = none
[logging]
level = warning
""",
        encoding="utf-8",
    )
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, folder / "radicale.log")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited at start:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Radicale did not listen on port {port} within {START_TIMEOUT_S} s")
