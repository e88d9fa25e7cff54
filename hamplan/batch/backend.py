"""What the batch loop asks of a place where work runs (this process, local worker processes, a
Dask cluster): submit a chunk, wait for some to finish, and the lifecycle calls, which do
nothing unless a backend holds something to release."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hamplan.batch.work import Options, Task


class Backend:
    """The interface, with the do-nothing lifecycle most backends need."""

    #: Chunks that can run at once (sizes the window of work in flight).
    slots = 1

    def submit(self, chunk: Sequence[Task], options: Options) -> Any:
        raise NotImplementedError

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        raise NotImplementedError

    def accepting(self) -> bool:
        """False while a retired pool drains (submit nothing then)."""
        return True

    def finished(self, future: Any) -> None:
        """``future``'s result has been taken."""

    def reset(self) -> None:
        """A worker died: drop what is broken and start afresh."""

    def close(self) -> None:
        """The batch is over: release everything, waiting for nothing new."""

    def stop(self) -> None:
        """Interrupted: end running work now."""
