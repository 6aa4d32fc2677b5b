"""Execute the notebooks Sphinx is about to read, on every core, into the cache.

myst-nb executes a notebook when it reads it, one after another, each in a new
kernel. Before Sphinx reads anything (``env-before-read-docs``) this module finds
the notebooks among the pages to read that the jupyter-cache does not hold and
starts running them in the background, concurrently (one kernel each, as many at a
time as there are cores, or ``$GBA_BOOK_JOBS``), exactly as myst-nb would (same
reader, working folder, timeout and error setting, the build's environment). Sphinx
reads the other pages meanwhile; when it comes to a notebook (``source-read``) it
waits for that notebook, which is then stored in the cache the way myst-nb stores
it, so myst-nb finds it cached. Each kernel is forked from a warm process that has
imported what chapters import (:mod:`book.kernels`); the notebooks that took longest
last time start first (``gba-seconds.json`` beside the cache).

Each kernel writes the data resources it read to a file (:mod:`book.reads`), which
the staleness record keeps (:mod:`.staleness`). A notebook that fails here is left
to myst-nb, which runs it again and reports the error as it always did.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from book.reads import READS_ENV
from book.sphinxext.staleness import cache_path, drop

logger = logging.getLogger(__name__)

JOBS_ENV = "GBA_BOOK_JOBS"
"""How many kernels run at once (default: the machine's cores)."""


@dataclass
class Job:
    """One notebook to execute, as myst-nb read it."""

    docname: str
    path: Path
    notebook: Any
    read_fmt: dict | None
    seconds: float = 0.0
    error: str | None = None
    reads: set[str] | None = None
    done: threading.Event = field(default_factory=threading.Event)


def jobs() -> int:
    """Kernels to run at once."""
    try:
        return max(1, int(os.environ.get(JOBS_ENV, "")))
    except ValueError:
        return os.cpu_count() or 1


def _excluded(path: Path, patterns: Any) -> bool:
    posix = PurePosixPath(path.as_posix())
    return any(posix.match(pattern) for pattern in patterns or ())


def uncached(env: BuildEnvironment, docnames: list[str], cache: Any) -> list[Job]:
    """The notebooks among ``docnames`` that the cache holds no execution of."""
    from myst_nb.core.read import create_nb_reader

    config = env.mystnb_config
    found = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if not path.is_file() or _excluded(path, config.execution_excludepatterns):
            continue
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        if config.metadata_key in notebook.metadata:
            continue  # its own execution settings: myst-nb runs it
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            found.append(Job(docname, path, notebook, reader.read_fmt))
    return found


def merge_streams(notebook: Any) -> None:
    """Join a cell's consecutive outputs to the same stream, in place.

    A kernel sends what a cell prints in pieces when its output thread flushes in
    between (``print`` writes the text, then the newline); how it is cut depends
    on timing, so a busy machine could split one printed line in two blocks on
    the page. Joined, the page is the same however the pieces came.
    """
    for cell in notebook.cells:
        merged: list[Any] = []
        for output in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (
                output.get("output_type") == "stream"
                and last is not None
                and last.get("output_type") == "stream"
                and last.get("name") == output.get("name")
            ):
                last["text"] += output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged


async def _run(
    job: Job, config: Any, limit: asyncio.Semaphore, reads: Path, warm: Any
) -> None:
    from nbclient import NotebookClient

    from book.kernels import forking

    timeout, allow_errors = config.execution_timeout, config.execution_allow_errors
    execution = job.notebook.metadata.get("execution", {})  # as jupyter-cache reads
    timeout = execution.get("timeout", timeout)
    allow_errors = execution.get("allow_errors", allow_errors)
    record = reads / (job.docname.replace("/", "--") + ".json")
    record.write_text("[]", encoding="utf-8")
    try:
        async with limit:
            client = forking(NotebookClient, warm)(
                job.notebook,
                timeout=timeout,
                allow_errors=allow_errors,
                record_timing=False,
                shutdown_kernel="immediate",  # its outputs are in; the reads written
                resources={"metadata": {"path": str(job.path.parent)}},
            )
            start = time.perf_counter()
            await client.async_execute(env={**os.environ, READS_ENV: str(record)})
            job.seconds = time.perf_counter() - start
            job.reads = set(json.loads(record.read_text(encoding="utf-8")))
            merge_streams(job.notebook)
    except Exception as error:  # any failure: myst-nb runs it again and reports it
        job.error = f"{type(error).__name__}: {str(error).strip()[:200]}"
    finally:
        job.done.set()


async def _run_all(
    todo: list[Job], config: Any, count: int, reads: Path, warm: Any
) -> None:
    limit = asyncio.Semaphore(count)  # first come, first served: longest first
    await asyncio.gather(*(_run(job, config, limit, reads, warm) for job in todo))


def _store(cache: Any, job: Job) -> None:
    """Put an executed notebook into the cache exactly as myst-nb does."""
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.db import NbProjectRecord

    if job.read_fmt is not None:
        stage = cache.add_nb_to_project(str(job.path), read_data=job.read_fmt)
    else:
        stage = cache.add_nb_to_project(str(job.path))
    NbProjectRecord.remove_tracebacks([stage.pk], cache.db)
    cache.cache_notebook_bundle(
        CacheBundleIn(job.notebook, stage.uri, data={"execution_seconds": job.seconds}),
        check_validity=False,
        overwrite=True,
    )


SECONDS_NAME = "gba-seconds.json"
"""Next to the execution cache: each notebook's last execution time in seconds."""


def _last_seconds(cache_folder: Path) -> dict[str, float]:
    """Each notebook's last execution time (empty if not recorded or unreadable)."""
    try:
        return json.loads((cache_folder / SECONDS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def longest_first(todo: list[Job], cache_folder: Path) -> list[Job]:
    """``todo`` with the notebooks that took longest last time first (new ones first).

    With few notebooks to run on two cores (a data change), the order decides the
    build's time: started last, the longest would run alone at the end.
    """
    seconds = _last_seconds(cache_folder)
    return sorted(todo, key=lambda job: -seconds.get(job.docname, float("inf")))


def _save_seconds(cache_folder: Path, done: dict[str, float]) -> None:
    seconds = _last_seconds(cache_folder)  # the notebooks not run keep their times
    seconds.update({name: round(value, 2) for name, value in done.items()})
    (cache_folder / SECONDS_NAME).write_text(
        json.dumps(seconds, indent=1, sort_keys=True) + "\n"
    )


class Runner:
    """The notebooks executing in the background while Sphinx reads."""

    def __init__(self, app: Sphinx, cache: Any, todo: list[Job], count: int) -> None:
        self.app, self.cache, self.count = app, cache, count
        self.jobs = {job.docname: job for job in todo}
        self.seconds: dict[str, float] = {}
        self.start = time.perf_counter()
        self.reads = Path(tempfile.mkdtemp(prefix="gba-reads-"))
        config = app.env.mystnb_config
        self.thread = threading.Thread(
            target=asyncio.run,
            args=(_run_all(todo, config, count, self.reads, warm_process(app)),),
            name="gba-execute",
            daemon=True,
        )
        self.thread.start()

    def collect(self, docname: str) -> None:
        """Wait for ``docname``'s execution; put it in the cache, note its reads."""
        job = self.jobs.pop(docname, None)
        if job is None:
            return
        job.done.wait()
        if job.error is not None:
            logger.info(
                "[gba] %s failed (%s); myst-nb runs it again", job.path.name, job.error
            )
            return
        # one execution per notebook: an older version's, made with data its
        # present version may not read, must not come back if its code does
        drop(self.cache, {str(job.path)})
        _store(self.cache, job)
        state = self.app.gba_state  # type: ignore[attr-defined]
        state.record(docname, "kernel", job.reads)
        state.save()
        self.seconds[docname] = job.seconds
        logger.info("[gba] executed %s in %.1f s", job.path.name, job.seconds)

    def finish(self) -> None:
        """Collect whatever Sphinx did not read; report the time."""
        for docname in list(self.jobs):
            self.collect(docname)
        self.thread.join()
        shutil.rmtree(self.reads, ignore_errors=True)
        if self.seconds:
            _save_seconds(cache_path(self.app), self.seconds)
        logger.info(
            "[gba] notebooks executed, %d at a time, in %.1f s",
            self.count,
            time.perf_counter() - self.start,
        )


def start_warm_process(app: Sphinx, config: Any) -> None:
    """At ``config-inited``: start the process kernels fork from (:mod:`book.kernels`).

    It imports IPython, pandas and Altair while Sphinx starts up, so that the
    first kernels need not; a build with nothing to execute stops it unused.
    """
    from book import kernels
    from book.render import BUILD_ENV

    if config.nb_execution_mode != "cache" or not kernels.enabled():
        return
    env = {**os.environ, BUILD_ENV: "1"}  # as the kernels will have it
    try:
        app.gba_warm = kernels.WarmProcess(env)  # type: ignore[attr-defined]
    except OSError as error:
        logger.info("[gba] kernels start as processes (%s)", error)


def warm_process(app: Sphinx) -> Any:
    """The build's warm process, if it started and preloaded; else ``None``."""
    warm = getattr(app, "gba_warm", None)
    if warm is None:
        return None
    start = time.perf_counter()
    if not warm.wait_ready():
        logger.info("[gba] the warm process did not start; kernels start as processes")
        return None
    logger.info(
        "[gba] kernels fork from a warm process (ready after %.1f s more)",
        time.perf_counter() - start,
    )
    return warm


def stop_warm_process(app: Sphinx, *args: Any) -> None:
    """After the executions (``env-updated``, ``build-finished``): stop it."""
    warm = getattr(app, "gba_warm", None)
    if warm is not None:
        app.gba_warm = None  # type: ignore[attr-defined]
        warm.close()


def execute_notebooks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start executing the uncached notebooks among ``docnames`` (in parallel)."""
    config = env.mystnb_config
    if config.execution_mode != "cache" or not docnames:
        return
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path(app)))
    todo = uncached(env, sorted(docnames), cache)
    if not todo:
        return
    todo = longest_first(todo, cache_path(app))
    count = min(jobs(), len(todo))
    rerun = getattr(env, "gba_rerun", {})  # the data they read changed
    logger.info(
        "[gba] executing %d notebook(s), %d at a time: %s",
        len(todo),
        count,
        ", ".join(
            job.path.stem + ("" if job.docname in rerun else " (not in the cache)")
            for job in todo
        ),
    )
    runner = Runner(app, cache, todo, count)
    app.gba_runner = runner  # type: ignore[attr-defined]
    if app.parallel > 1:  # Sphinx reads in forked processes: have everything first
        runner.finish()
        app.gba_runner = None  # type: ignore[attr-defined]


def collect_notebook(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before Sphinx reads a page (``source-read``): its execution, if running."""
    runner = getattr(app, "gba_runner", None)
    if runner is not None:
        runner.collect(docname)


def finish(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading (``env-updated``): every execution is done and collected."""
    runner = getattr(app, "gba_runner", None)
    if runner is not None:
        runner.finish()
        app.gba_runner = None  # type: ignore[attr-defined]
