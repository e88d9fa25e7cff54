"""Where the work runs on a cluster: an existing ``dask.distributed`` client (pure tasks, results
and rendered files gathered back to this process)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from hamplan.batch.backend import Backend
from hamplan.batch.work import Options, Task, run_chunk
from hamplan.errors import MissingExtraError

if TYPE_CHECKING:
    from distributed import Client


class DaskBackend(Backend):
    """An existing ``dask.distributed`` client: pure tasks, results gathered back here."""

    def __init__(self, client: Client) -> None:
        self._client = client
        distributed = import_distributed()
        self._wait = distributed.wait
        try:
            workers = client.scheduler_info().get("workers", {})
            self.slots = max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))
        except Exception:  # noqa: BLE001 - only sizes the window
            self.slots = 4

    def submit(self, chunk: Sequence[Task], options: Options) -> Any:
        return self._client.submit(run_chunk, list(chunk), options, pure=True)

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(self._wait(list(futures), return_when="FIRST_COMPLETED").done)

    def finished(self, future: Any) -> None:
        future.release()


def import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError(
            'batches on a Dask cluster need dask.distributed: pip install "hamplan[dask]"'
        ) from None
    return distributed


def connect(address: str, *, timeout: float = 30.0) -> Client:
    """A ``dask.distributed`` client of the scheduler at ``address`` (``tcp://host:8786``)."""
    distributed = import_distributed()
    return distributed.Client(address, timeout=timeout)
