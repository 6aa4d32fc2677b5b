"""The warm process: one Python that has imported what chapters import, forking kernels.

:mod:`book.kernels` starts it (``python book/warm.py SOCKET FD``: a script, so that no
module of the book is imported before a chapter imports it) and asks it for kernels.
It imports :data:`PRELOAD` once; for each request it forks a child that becomes the
kernel ``python -m ipykernel_launcher -f CONNECTION`` would start, in the notebook's
folder with the environment jupyter_client gives it.

Two libraries look at their surroundings when imported, so importing them before
the kernel exists could differ from importing them in it: pandas chooses
``display.max_columns`` by asking ``get_ipython()`` whether it runs in a kernel and
``display.encoding`` from ``sys.stdout`` (the warm process answers both as a kernel
would), and ipywidgets registers its comm targets with the kernel (done again in
the child once the kernel exists). ``tests/test_kernels.py`` compares a fork with a
started kernel from inside.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from typing import Any

__all__ = ["PRELOAD", "serve"]

PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "pandas",
    "altair",
    "ipywidgets",
)
"""What the warm process imports: the kernel and the libraries every chapter imports.

Not the book's own modules (about 0.1 s of a kernel's start, data included): imported
in the warm process they would be attributes of ``book`` before a chapter imports
them, so a chapter that forgot ``from book import charts`` would work in the build
and fail in a reader's kernel."""


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
    """Import :data:`PRELOAD` as a kernel would."""
    import builtins

    stdout, stderr = sys.stdout, sys.stderr
    builtins.get_ipython = lambda: _InKernel  # type: ignore[attr-defined]
    sys.stdout, sys.stderr = _KernelStream(stdout), _KernelStream(stderr)
    try:
        for name in PRELOAD:
            try:
                __import__(name)
            except Exception:  # the kernel imports it (and fails) itself
                continue
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
        sys.stdout, sys.stderr = stdout, stderr


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

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    # defaults read from the environment when the warm process imported ipykernel:
    # read again from the kernel's (with JPY_PARENT_PID the kernel watches its parent)
    app.parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
    app.interrupt = int(os.environ.get("JPY_INTERRUPT_EVENT") or 0)
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


def _fork(request: dict[str, Any], *closing: Any) -> int:
    """Fork the kernel ``request`` describes (the child closes ``closing``); its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for handle in closing:
            handle.close()
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


def serve(address: str, ready: int) -> None:
    """Run the warm process: preload, then fork a kernel for each request.

    Writes ``ready`` to the file descriptor ``ready`` once it listens. A request
    is one line of JSON on a connection to the socket at ``address`` (``{"args":
    [...], "cwd": ..., "env": {...}}``); the answer is the child's process id. The
    process ends when its standard input closes. Its standard output and error are
    the build's, which the kernels inherit (as kernels the build starts do).
    """
    # run as a script (not imported from the book, which the kernels import
    # themselves): its folder is first on the path, where ipykernel_launcher finds
    # the working folder and removes it; the kernel adds "" back
    if sys.path and sys.path[0] in ("", os.getcwd(), os.path.dirname(__file__)):
        del sys.path[0]
    import ipykernel_launcher  # noqa: F401  (its file is the kernel's argv[0])

    _preload()
    # reaped here, so their CPU time counts as the build's, as a kernel's does
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen()
    try:
        with os.fdopen(ready, "w") as signal_ready:
            signal_ready.write("ready\n")
    except BrokenPipeError:
        return  # stopped before it was needed (a build with nothing to execute)
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
                pid = _fork(request, selector, listener, connection)
                connection.sendall(f"{pid}\n".encode())


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
