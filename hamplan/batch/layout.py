"""The output folder of a batch: ``OUT/<id>/`` per request holding ``plan.<format>`` and, last,
the manifest ``.hamplan-batch.json``; ``OUT/summary.csv`` beside them. A request's folder is
swapped in whole (see :func:`hamplan.export.files.replace_folder`), so it is complete with its
manifest or absent."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hamplan.export.files import replace_folder

MANIFEST_NAME = ".hamplan-batch.json"
MANIFEST_FORMAT = 2  # 2: files carry their sha256
SUMMARY_NAME = "summary.csv"
#: A request id names its folder: letters, digits, '.', '_' and '-', at most 64, no leading dot.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
RESERVED_IDS = frozenset({SUMMARY_NAME, SUMMARY_NAME + ".partial"})
MANIFEST_KEYS = ("status", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts", "suggestions", "message")


def write_folder(folder: Path, rendered: Mapping[str, bytes], row: Mapping[str, Any], formats: Sequence[str]) -> dict[str, int]:
    """Replace ``folder`` by the formats and, written last, the manifest — all at once (staged
    beside it, then renamed in): a folder is complete with its manifest or not there at all."""
    from hamplan import __version__

    files = {f"plan.{fmt}": data for fmt, data in rendered.items()}
    manifest = {
        "manifest_format": MANIFEST_FORMAT,
        "hamplan": __version__,
        "id": row["id"],
        "request_hash": row["request_hash"],
        "formats": list(formats),
        **{key: row.get(key) for key in MANIFEST_KEYS},
        "files": {name: len(data) for name, data in files.items()},
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    replace_folder(files, folder, (MANIFEST_NAME, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")))
    return manifest["files"]


def json_path(folder: Path, files: Iterable[str]) -> Path | None:
    names = list(files)
    if "plan.json" in names:
        return folder / "plan.json"
    return folder / names[0] if names else None
