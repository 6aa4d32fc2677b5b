"""Execute notebooks in fresh kernels, without the lost-wake-up stall.

With the pinned jupyter-client, pyzmq and ipykernel, the asyncio poll on a kernel
channel sometimes misses the edge-triggered wake-up of a message that has already
arrived; nbclient then waits out the whole cell timeout (60-180 s) before it sees a
reply the kernel sent at once. Seen here in about 3 of 10 runs of "Compare the cities"
(an ipywidgets panel) and 1 of 20 runs of a cell that only displays something. The
client below waits in short slices instead, so a missed wake-up costs half a second.
The student edition, the grader and the tests execute notebooks through it.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import TYPE_CHECKING, Any

import nbclient
import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

if TYPE_CHECKING:
    from book.kernels import WarmProcess

__all__ = ["Client", "execute"]

SLICE = 0.5  # seconds: the longest a missed wake-up can cost


def _sliced(
    get_msg: Callable[..., Awaitable[dict[str, Any]]],
) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Wrap a channel's ``get_msg`` so that it polls again every :data:`SLICE` s."""

    async def get(timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            left = SLICE if deadline is None else max(0.0, deadline - monotonic())
            try:
                return await get_msg(timeout=min(SLICE, left))
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise

    return get


class Client(nbclient.NotebookClient):
    """An ``nbclient.NotebookClient`` whose waits cannot stall on a lost wake-up."""

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel client and slice its shell and IOPub waits."""
        client = await super().async_start_new_kernel_client()
        client.shell_channel.get_msg = _sliced(client.shell_channel.get_msg)
        client.iopub_channel.get_msg = _sliced(client.iopub_channel.get_msg)
        return client


def execute(
    notebook: nbformat.NotebookNode,
    cwd: Path,
    *,
    kernel: str = "python3",
    timeout: int = 180,
    attempts: int = 2,
    warm: WarmProcess | None = None,
) -> nbformat.NotebookNode:
    """Execute a copy of ``notebook`` in a fresh kernel and return it.

    A cell that raises stops the run (its error is in the returned outputs only when
    the caller allows errors; here it raises ``CellExecutionError``). A cell that
    gets no reply within ``timeout`` seconds, or a kernel that dies, fails the attempt;
    the notebook then runs once more in a new kernel. With ``warm``
    (:func:`book.kernels.shared`), the kernel is forked from that warm process.
    """
    from book.kernels import forking

    for attempt in range(1, attempts + 1):
        executed = copy.deepcopy(notebook)
        client = forking(Client, warm)(
            executed,
            timeout=timeout,
            kernel_name=kernel,
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError):
            if attempt == attempts:
                raise
            continue
        return executed
    raise RuntimeError("unreachable")  # pragma: no cover
