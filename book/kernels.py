"""Kernels forked from one warm process: a chapter's kernel without the import wait.

A new Jupyter kernel spends about a second of a core before a chapter's first line:
starting Python and IPython, importing pandas, Altair and the book, loading the
data. The build executes ten notebooks, so a tenth of its work is that. Here one
process (the *warm process*) imports all of it once and then forks a kernel for
each notebook: the child starts exactly as ``python -m ipykernel_launcher -f
CONNECTION`` would, in the notebook's folder with the environment jupyter_client
gives it, but with the modules already imported.

Two libraries look at their surroundings when imported, so importing them before
the kernel exists could differ from importing them in it: pandas chooses
``display.max_columns`` by asking ``get_ipython()`` whether it runs in a kernel and
``display.encoding`` from ``sys.stdout`` (the warm process answers both as a kernel
would), and ipywidgets registers its comm targets with the kernel (done again in
the child once the kernel exists).
``tests/test_kernels.py`` runs a notebook in a forked and in an ordinary kernel and
compares what the kernel looks like from inside (options, paths, warning filters,
comm targets) and the outputs.

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

__all__ = ["FORK_ENV", "ForkProvisioner", "WarmProcess", "enabled", "fork_from"]

FORK_ENV = "GBA_BOOK_FORK"
"""Environment variable: ``0`` starts every kernel as its own process."""

PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "pandas",
    "altair",
    "book.charts",
    "book.compare",
    "book.currency",
    "book.data",
    "book.display",
    "book.exercises",
    "book.fmt",
    "book.glue",
    "book.specs",
    "book.theme",
)
"""What the warm process imports: what every chapter's first cell imports."""

LAUNCHER = ("-m", "ipykernel_launcher")


def enabled() -> bool:
    """Whether the build forks kernels (``$GBA_BOOK_FORK`` is not ``0``)."""
    return os.environ.get(FORK_ENV, "1") != "0" and hasattr(os, "fork")


# --- the warm process ---------------------------------------------------------


class _InKernel:
    """What ``get_ipython()`` returns to a module imported in a kernel (has one)."""

    kernel = True


class _KernelStream:
    """What ``sys.stdout`` looks like to a module imported in a kernel."""

    def __init__(self, stream: Any) -> None:
        from ipykernel.iostream import OutStream

        self.encoding = OutStream.encoding  # pandas' display.encoding comes from it
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def _preload() -> None:
    """Import :data:`PRELOAD` as a kernel would, and load the data."""
    import builtins

    stdout, stderr = sys.stdout, sys.stderr
    builtins.get_ipython = lambda: _InKernel  # type: ignore[attr-defined]
    sys.stdout, sys.stderr = _KernelStream(stdout), _KernelStream(stderr)
    try:
        for name in PRELOAD:
            __import__(name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
        sys.stdout, sys.stderr = stdout, stderr
    from book import data

    data.load()  # validated and cached: the child's data.load() finds it


def _child(request: dict[str, Any]) -> int:
    """In the forked child: become the kernel ``request`` describes; its exit code."""
    os.setsid()  # its own process group, as jupyter_client starts kernels
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    stdin, _ = os.pipe()  # as jupyter_client's: a pipe nobody writes to
    os.dup2(stdin, 0)
    os.close(stdin)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    args = request["args"]
    sys.argv = [sys.modules["ipykernel_launcher"].__file__, *args]

    from book import reads

    reads.forget()  # nothing read yet in this kernel
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(args)
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:  # what its import does in a kernel
        widgets._handle_ipython()
    app.start()
    return 0


def _reap(*_: Any) -> None:
    """Collect the kernels that ended (``SIGCHLD``)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _reap_all(timeout: float = 5) -> None:
    """Wait a little for kernels still shutting down."""
    end = time.monotonic() + timeout
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    while time.monotonic() < end:
        try:
            if not os.waitpid(-1, os.WNOHANG)[0]:
                time.sleep(0.05)
        except ChildProcessError:
            return


def serve(address: str, ready: int) -> None:
    """Run the warm process: preload, then fork a kernel for each request.

    Writes ``ready`` to the file descriptor ``ready`` once it listens. A request
    is one line of JSON on a connection to the socket at ``address`` (``{"args":
    [...], "cwd": ..., "env": {...}}``); the answer is the child's process id. The
    process ends when its standard input closes. Its standard output and error are
    the build's, which the kernels inherit (as kernels the build starts do).
    """
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel adds "" back
    import ipykernel_launcher  # noqa: F401  (its file is the kernel's argv[0])

    _preload()
    # reaped here, so their CPU time counts as the build's, as a kernel's does
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen()
    with os.fdopen(ready, "w") as signal_ready:
        signal_ready.write("ready\n")
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is sys.stdin:
                if not sys.stdin.readline():
                    _reap_all()
                    return  # the build is over
                continue
            connection, _ = listener.accept()
            with connection:
                request = json.loads(connection.makefile("r").readline())
                pid = os.fork()
                if pid == 0:
                    code = 1
                    try:
                        selector.close()
                        listener.close()
                        connection.close()
                        code = _child(request)
                    except SystemExit as exit:
                        code = exit.code if isinstance(exit.code, int) else 1
                    except BaseException:
                        import traceback

                        traceback.print_exc()
                    finally:
                        sys.stdout.flush()
                        sys.stderr.flush()
                        os._exit(code)
                connection.sendall(f"{pid}\n".encode())


# --- the build's side -----------------------------------------------------------


class WarmProcess:
    """The build's handle on the warm process: start it, ask for kernels, stop it."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="gba-kernels-"))
        self.address = str(self.folder / "fork.sock")
        self.lock = threading.Lock()
        self.ready: bool | None = None
        env = dict(os.environ if env is None else env)
        code = "import sys, book.kernels as k; k.serve(sys.argv[1], int(sys.argv[2]))"
        readable, writable = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, self.address, str(writable)],
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
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        try:
            pid = warm.spawn(list(cmd[3:]), cwd, {k: str(v) for k, v in env.items()})
        except (OSError, RuntimeError, ValueError):
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


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
