"""Run one stage in a forked helper process while this one goes on: with two cores, the EPUB
stage (its generated cover and its 6-inch check layout are two more WeasyPrint renders) costs
little wall time beside the PDF's layout.

The helper is a plain fork of this warm process (nothing is imported again), sends its result
back pickled through a pipe and leaves with os._exit, so it runs no cleanup of the parent's.
Where forking is impossible or the helper dies, the stage simply runs here instead."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from typing import Callable


class Background:
    """`work()` computed in a forked child (with `fork`, where possible), else here when
    `result()` asks for it. Use as a context manager."""

    def __init__(self, work: Callable, fork: bool = True):
        self.work = work
        self.fork = fork
        self.pid = 0
        self.pipe = -1

    def __enter__(self) -> "Background":
        if not self.fork or not hasattr(os, "fork"):
            return self
        read, write = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:  # no memory or process slots: do the work here later
            os.close(read), os.close(write)
            return self
        if self.pid == 0:
            os.close(read)
            run_child(self.work, write)
        os.close(write)
        self.pipe = read
        return self

    def result(self, *_ignored):
        """The child's result (or its exception, raised here); the work itself if there is no child."""
        if not self.pid:
            return self.work()
        with os.fdopen(self.pipe, "rb") as handle:
            data = handle.read()
        self.reap_later()
        if not data:  # the helper died without a word (killed, crashed): do the work here
            return self.work()
        ok, value = pickle.loads(data)
        if ok:
            return value
        raise value

    def reap(self) -> None:
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0

    def reap_later(self) -> None:
        """The helper has said all it will; the kernel still frees its copy of this process's
        memory (~5 ms, a fiftieth of a warm build). A thread waits for that instead of us."""
        if self.pid:
            threading.Thread(target=wait_for, args=(self.pid,), daemon=True).start()
            self.pid = 0

    def __exit__(self, *exc_info) -> None:
        """Never leave a zombie, even when the parent's own stage failed first."""
        if self.pid:  # the result was never asked for: the work is not wanted any more
            os.close(self.pipe)
            os.kill(self.pid, signal.SIGKILL)
            self.reap()


def run_child(work: Callable, write: int) -> None:
    """In the child: do the work, send (ok, value), and leave without running the parent's exit code."""
    try:
        try:
            payload = pickle.dumps((True, work()))
        except BaseException as exc:  # noqa: B902 - every outcome must reach the parent
            try:
                payload = pickle.dumps((False, exc))
            except Exception:
                payload = pickle.dumps((False, RuntimeError(repr(exc))))
        with os.fdopen(write, "wb") as handle:
            handle.write(payload)
    finally:
        os._exit(0)


def wait_for(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # someone reaped it already
        os.waitpid(pid, 0)
