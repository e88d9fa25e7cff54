"""Resuming a batch: a request whose folder holds an up-to-date manifest (same request hash,
every file there with its recorded size and sha256) is skipped, keeping that run's figures."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic_core import PydanticSerializationError

from hamplan.batch.layout import MANIFEST_FORMAT, MANIFEST_KEYS, MANIFEST_NAME, json_path
from hamplan.batch.results import BatchResult
from hamplan.models import PlanRequest


def request_json(request: PlanRequest) -> str:
    """The request's canonical JSON. Ctrl-C while pydantic serializes it (a Python function
    writes clock times) reaches the caller as the interrupt it is, not as the serialization
    error pydantic wraps it in: a batch stopped in its first second said "internal error"."""
    try:
        return request.model_dump_json()
    except PydanticSerializationError as exc:
        if "KeyboardInterrupt" in str(exc):
            raise KeyboardInterrupt from None
        raise


def request_hash(request: PlanRequest, formats: Sequence[str], deterministic_limit: float | None = None) -> str:
    """sha256 of the request's canonical JSON, the hamplan version, the formats and the limit."""
    from hamplan import __version__

    key = "\n".join(
        [request_json(request), __version__, ",".join(formats), "" if deterministic_limit is None else repr(float(deterministic_limit))]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def read_manifest(folder: Path, digest: str) -> dict[str, Any] | None:
    """The manifest of a complete, up-to-date folder: same request hash, every file there with
    the size and sha256 the manifest recorded (a file changed or cut since is planned again)."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict) or manifest.get("request_hash") != digest:
        return None
    if manifest.get("manifest_format") != MANIFEST_FORMAT or manifest.get("status") not in ("ok", "infeasible"):
        return None
    files, hashes = manifest.get("files"), manifest.get("sha256")
    if not isinstance(files, dict) or not isinstance(hashes, dict) or set(files) != set(hashes):
        return None
    for name, size in files.items():
        if "/" in name or "\\" in name or name.startswith("."):
            return None
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return None
        if len(data) != size or hashlib.sha256(data).hexdigest() != hashes[name]:
            return None
    return manifest


def skipped(index: int, ident: str, digest: str, folder: Path, manifest: Mapping[str, Any]) -> BatchResult:
    """The result of a request found up to date: that run's figures, its status in the message."""
    data = {key: manifest.get(key) for key in MANIFEST_KEYS}
    previous = data.pop("status")
    message = f"up to date ({previous})" + (f": {data['message']}" if data.get("message") else "")
    data["message"] = message
    data["conflicts"] = data.get("conflicts") or []
    data["suggestions"] = data.get("suggestions") or []
    return BatchResult(
        index=index, id=ident, status="skipped", request_hash=digest, folder=folder,
        path=json_path(folder, manifest["files"]), **data,
    )
