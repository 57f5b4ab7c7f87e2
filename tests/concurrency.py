"""Run callables at the same moment in threads, as two workers or two requests would."""

import threading
from collections.abc import Callable


def at_once(*work: Callable[[Callable[[], None]], None]) -> None:
    """Start one thread per callable; each receives `ready()` to call at the point where all
    of them should be released together; returns when every thread is done."""
    barrier = threading.Barrier(len(work))
    threads = [threading.Thread(target=job, args=(barrier.wait,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
