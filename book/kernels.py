"""Kernels forked from one warm process: a chapter's kernel without the import wait.

A new Jupyter kernel spends about a second of a core before a chapter's first line,
most of it starting IPython and importing pandas, Altair and ipywidgets. The build
executes ten notebooks, so a third of its work was that. Here one process (the *warm
process*) imports them once and then forks a kernel for each notebook: the child
starts exactly as ``python -m ipykernel_launcher -f CONNECTION`` would, in the
notebook's folder with the environment jupyter_client gives it, but with those
modules already imported.

The warm process itself is :mod:`book.warm`. ``tests/test_kernels.py`` runs a
notebook in a forked and in an ordinary kernel and compares what the kernel looks
like from inside (options, paths, warning filters, comm targets) and the outputs.

:class:`ForkProvisioner` is the jupyter_client side: it launches by asking the warm
process for a fork instead of starting a process, and signals, polls and kills the
fork by its process id. Anything unexpected (another kernel command, the warm
process gone) launches an ordinary kernel. ``$GBA_BOOK_FORK=0`` turns it off.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = [
    "FORK_ENV",
    "ForkProvisioner",
    "WarmProcess",
    "enabled",
    "fork_from",
    "forking",
    "shared",
]

FORK_ENV = "GBA_BOOK_FORK"
"""Environment variable: ``0`` starts every kernel as its own process."""

LAUNCHER = ("-m", "ipykernel_launcher")


def enabled() -> bool:
    """Whether the build forks kernels (``$GBA_BOOK_FORK`` is not ``0``)."""
    return os.environ.get(FORK_ENV, "1") != "0" and hasattr(os, "fork")


class WarmProcess:
    """The build's handle on the warm process: start it, ask for kernels, stop it."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="gba-kernels-"))
        self.address = str(self.folder / "fork.sock")
        self.lock = threading.Lock()
        self.ready: bool | None = None
        env = dict(os.environ if env is None else env)
        script = str(Path(__file__).with_name("warm.py"))
        readable, writable = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, script, self.address, str(writable)],
                stdin=subprocess.PIPE,  # its lifeline: closed, it ends
                pass_fds=(writable,),
                env=env,
                text=True,
            )
        finally:
            os.close(writable)
        self.ready_pipe = os.fdopen(readable, "r")
        atexit.register(self.close)

    def wait_ready(self, timeout: float = 120) -> bool:
        """Whether the warm process has preloaded (waits for it the first time)."""
        with self.lock:
            if self.ready is None:
                line = _readline(self.ready_pipe, timeout)
                self.ready = line.strip() == "ready"
                self.ready_pipe.close()
            return self.ready

    def spawn(self, args: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel started with ``ipykernel_launcher`` ``args``; its pid."""
        if not self.wait_ready():
            raise RuntimeError("the warm process did not start")
        with self.lock, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(self.address)
            request = {"args": args, "cwd": cwd, "env": env}
            client.sendall((json.dumps(request) + "\n").encode())
            answer = client.makefile("r").readline()
        return int(answer)

    def close(self) -> None:
        """Stop the warm process (kernels already forked run on until shut down)."""
        if not self.folder.exists():
            return
        atexit.unregister(self.close)
        self.ready_pipe.close()
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def _readline(stream: Any, timeout: float) -> str:
    """A line of ``stream``, or "" after ``timeout`` s or at its end."""
    found: list[str] = []

    def read() -> None:
        found.append(stream.readline())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    return found[0] if found else ""


class _Forked:
    """A forked kernel as jupyter_client handles a process (``subprocess.Popen``)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # the warm process reaped it and has its code
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Launch a kernel by forking the warm process (else as jupyter_client does)."""

    warm: WarmProcess | None = None  # the build sets it on each instance

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        """Fork the kernel ``cmd`` starts from the warm process, if it can."""
        warm = self.warm
        forkable = (
            warm is not None
            and len(cmd) > 3
            and Path(cmd[0]).resolve() == Path(sys.executable).resolve()
            and tuple(cmd[1:3]) == LAUNCHER
        )
        if not forkable:
            return await super().launch_kernel(cmd, **kwargs)
        assert warm is not None
        # as jupyter_client's launch_kernel: the kernel watches its parent (and so
        # does not print the "Ctrl-C will not work" notice of a kernel started alone)
        env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
        cwd = str(kwargs.get("cwd") or Path.cwd())
        try:
            pid = warm.spawn(list(cmd[3:]), cwd, {k: str(v) for k, v in env.items()})
        except (OSError, RuntimeError, ValueError):
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def forking(client_class: type, warm: WarmProcess | None) -> type:
    """``client_class`` (an nbclient ``NotebookClient``) starting kernels from ``warm``.

    Without a warm process, ``client_class`` itself.
    """
    if warm is None:
        return client_class

    class Forking(client_class):  # type: ignore[misc, valid-type]
        def create_kernel_manager(self) -> Any:
            return fork_from(super().create_kernel_manager(), warm)

    return Forking


_SHARED: list[WarmProcess] = []


def shared() -> WarmProcess | None:
    """The warm process of the running process, started on first use (or ``None``).

    For commands that run many notebooks one after another (the student edition,
    the grader); ``None`` when ``$GBA_BOOK_FORK`` is ``0``. It stops when the
    running process ends.
    """
    if not enabled():
        return None
    if not _SHARED:
        _SHARED.append(WarmProcess())
    return _SHARED[0]


def fork_from(manager: Any, warm: WarmProcess) -> Any:
    """Make the kernel manager ``manager`` start its kernel as a fork of ``warm``."""
    import uuid

    manager.kernel_id = manager.kernel_id or str(uuid.uuid4())
    provisioner = ForkProvisioner(
        kernel_id=manager.kernel_id, kernel_spec=manager.kernel_spec, parent=manager
    )
    provisioner.warm = warm
    manager.provisioner = provisioner
    return manager
