"""Kernels forked from a warm process behave as kernels Jupyter starts (book.kernels).

The build executes every chapter in such a fork; Binder, the student edition and the
grader start kernels as processes. If a fork differed, the book could show what a
reader's kernel does not: these tests look at a kernel from inside, both ways, and at
what the build's jupyter_client does with a fork (time-outs, a kernel that dies, the
warm process gone).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from book.kernels import WarmProcess, forking

# what a chapter's code could notice about its kernel
LOOK = r"""
import json, os, signal, sys, warnings
import comm, pandas as pd, altair as alt, ipywidgets
ip = get_ipython()
print(json.dumps({
    "pandas options": pd.describe_option(_print_desc=False),
    "sys.path": sys.path,
    "cwd": os.getcwd(),
    "argv": [a if a.startswith("-") else "value" for a in sys.argv[1:]],
    "argv0": os.path.basename(sys.argv[0]),
    "warning filters": [repr(f) for f in warnings.filters],
    "shell": type(ip).__name__,
    "kernel": type(ip.kernel).__name__,
    "comm targets": sorted(comm.get_comm_manager().targets),
    "own process group": os.getpgid(0) == os.getpid(),
    "signals": {s.name: repr(signal.getsignal(s))
                for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)},
    "environment": {k: v for k, v in os.environ.items() if k.startswith("GBA_")},
    "jupyter environment": sorted(k for k in os.environ if k.startswith("JPY_")),
    "parent poller": type(ip.kernel.parent.poller).__name__,
    "stdin": os.readlink("/proc/self/fd/0").split("[")[0],
    "renderer": alt.renderers.active,
    "book modules": sorted(m for m in sys.modules if m.split(".")[0] == "book"),
    "name": __name__,
}, sort_keys=True, default=str))
"""


def _notebook(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def _run(notebook, folder: Path, warm: WarmProcess | None, **options) -> None:
    client = forking(NotebookClient, warm)(
        notebook,
        timeout=options.pop("timeout", 60),
        resources={"metadata": {"path": str(folder)}},
        shutdown_kernel="immediate",
        **options,
    )
    client.execute(env={**os.environ, "GBA_BOOK_EXAMPLE": "1"})
    return client


@pytest.fixture(scope="module")
def warm():
    process = WarmProcess()
    assert process.wait_ready(), "the warm process did not start"
    yield process
    process.close()


def _look(folder: Path, warm: WarmProcess | None) -> dict:
    notebook = _notebook(LOOK)
    _run(notebook, folder, warm)
    (output,) = notebook.cells[0].outputs
    assert output.get("name") == "stdout", output
    return json.loads(output["text"])


def test_a_forked_kernel_looks_like_a_started_one(tmp_path: Path, warm) -> None:
    forked = _look(tmp_path, warm)
    started = _look(tmp_path, None)
    # the same filters; the kernel's shell adds its own in front of numpy's in a
    # fork, after them in a started kernel (numpy is imported later there): no
    # warning matches both (different messages), so the order does not matter
    for look in (forked, started):
        look["warning filters"].sort()
    for key in started:
        assert forked[key] == started[key], key
    # and the look is worth something: it sees the kernel, not the warm process
    assert forked["cwd"] == str(tmp_path)
    assert forked["environment"]["GBA_BOOK_EXAMPLE"] == "1"
    assert "jupyter.widget" in forked["comm targets"]
    assert "[default: 20] [currently: 20]" in forked["pandas options"]
    assert forked["own process group"] is True
    assert forked["book modules"] == []  # the chapter imports the book itself


def test_a_fork_is_a_new_process_each_time(tmp_path: Path, warm) -> None:
    code = "import os; print(os.getpid()); x = globals().setdefault('x', 0) + 1; x"
    pids = []
    for _ in range(2):
        notebook = _notebook(code)
        _run(notebook, tmp_path, warm)
        stream, result = notebook.cells[0].outputs
        pids.append(int(stream["text"]))
        assert result["data"]["text/plain"] == "1"  # nothing left by the last
    assert pids[0] != pids[1]
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # shut down and reaped


def test_a_hung_cell_times_out_and_its_kernel_is_killed(tmp_path: Path, warm) -> None:
    notebook = _notebook("import os, time; print(os.getpid(), flush=True)",
                         "time.sleep(600)")  # fmt: skip
    start = time.monotonic()
    with pytest.raises(CellTimeoutError):
        _run(notebook, tmp_path, warm, timeout=3)
    assert time.monotonic() - start < 30
    pid = int(notebook.cells[0].outputs[0]["text"])
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the timed-out kernel was left running")


def test_a_kernel_that_dies_is_reported(tmp_path: Path, warm) -> None:
    notebook = _notebook("import os; os._exit(3)", "print('never')")
    start = time.monotonic()
    with pytest.raises(DeadKernelError):
        _run(notebook, tmp_path, warm)
    assert time.monotonic() - start < 30


def test_without_the_warm_process_kernels_start_as_processes(tmp_path: Path) -> None:
    gone = WarmProcess()
    gone.process.kill()
    gone.process.wait()
    notebook = _notebook("import os; os.getppid()")
    _run(notebook, tmp_path, gone)
    parent = int(notebook.cells[0].outputs[0]["data"]["text/plain"])
    assert parent == os.getpid()  # started by this process, not forked
    gone.close()


def test_a_fork_can_write_much_to_its_file_descriptors(tmp_path: Path, warm) -> None:
    # C libraries write to fds 1 and 2 directly: nothing may fill up and block
    notebook = _notebook("import os\nfor fd in (1, 2):\n    os.write(fd, b'.' * 2**20)",
                         "'done'")  # fmt: skip
    _run(notebook, tmp_path, warm, timeout=20)
    assert notebook.cells[1].outputs[0]["data"]["text/plain"] == "'done'"
