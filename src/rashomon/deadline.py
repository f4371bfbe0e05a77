"""A time limit on a block of code, for the per-article analysis limit (issue 13).

``time_limit(seconds)`` arms ``SIGALRM`` (a real-time interval timer) around the block and
raises ``TimeLimitExceeded`` inside it when the time is up; the previous handler and timer
are restored on the way out. Signals reach only the main thread, so elsewhere (a web
server's worker thread, a platform without ``setitimer``) the block runs without a limit,
and ``limit_available()`` says so. Python checks for signals between bytecodes: a single
long call into C (one spaCy batch) finishes before the limit takes effect.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """The block ran past its time limit."""


def limit_available() -> bool:
    """Whether ``time_limit`` can interrupt code here (main thread, POSIX timers)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(_signum: int, _frame: FrameType | None) -> None:
    raise TimeLimitExceeded


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the block after ``seconds``; 0 or less: no limit."""
    if seconds <= 0 or not limit_available():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
