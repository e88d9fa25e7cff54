"""Plans for many requests at once: local worker processes or a Dask cluster, resumable on disk.

``generate_many(requests)`` plans every request in parallel and returns one :class:`BatchResult`
per request, in input order. One bad request never stops the others: its result says why
(``status`` is ``"invalid"``, ``"infeasible"`` or ``"error"``).

With ``out_dir`` each request gets a folder named by its id holding the asked formats
(``plan.json``, ``plan.ics``, …) and a small manifest ``.hamplan-batch.json`` with the request
hash, the result and each file's sha256; the folder is swapped in whole. A later run skips every
request whose manifest matches (same request, same hamplan version, same formats and limit) and
whose files are all there unchanged, so a batch that was killed half-way loses nothing that had
finished.

Workers are separate processes (``forkserver`` where available, else ``spawn``), recycled after
a fixed number of requests so memory stays flat however long the batch, and ended as soon as the
batch process ends (however it ends). Each solve is single-threaded and bounded by the
deterministic limit. Requests travel to the workers as JSON text and plans come back as JSON
text, never as pickled models.

The package's files are the batch's parts: ``results`` (what goes in and comes out), ``jsonl``
(reading JSON Lines), ``work`` (one request, in a worker), ``pool`` (local worker processes),
``dask_cluster`` (the Dask path), ``layout`` (the output folders and manifests), ``resume``
(what is up to date), ``summary`` (``summary.csv``) and ``driver`` (the batch loop and
:func:`generate_many`). It sits above :mod:`hamplan.plan` and :mod:`hamplan.export`; the solver
is imported in the workers only, so the parent process stays light.
"""

from hamplan.batch.dask_cluster import connect
from hamplan.batch.driver import DEFAULT_FORMATS, DEFAULT_REQUESTS_PER_WORKER, generate_many, iter_many
from hamplan.batch.jsonl import count_jsonl, read_jsonl
from hamplan.batch.layout import MANIFEST_NAME, SUMMARY_NAME
from hamplan.batch.results import STATUSES, BatchItem, BatchResult, Status, count_statuses
from hamplan.batch.resume import request_hash
from hamplan.batch.summary import SUMMARY_COLUMNS, SummaryWriter, write_summary

__all__ = [
    "DEFAULT_FORMATS",
    "DEFAULT_REQUESTS_PER_WORKER",
    "MANIFEST_NAME",
    "STATUSES",
    "SUMMARY_COLUMNS",
    "SUMMARY_NAME",
    "BatchItem",
    "BatchResult",
    "Status",
    "SummaryWriter",
    "connect",
    "count_jsonl",
    "count_statuses",
    "generate_many",
    "iter_many",
    "read_jsonl",
    "request_hash",
    "write_summary",
]
