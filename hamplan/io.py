"""Reading requests from TOML, JSON, a dict or a path, with errors that name the field."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamplan.errors import RequestError
from hamplan.models import Plan, PlanRequest


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif str(item).startswith(("function-", "literal[", "float", "constrained-")) or "[" in str(item):
            continue  # pydantic's union-branch labels say nothing to a runner
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts).replace(".from_", ".from")


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """One (field, message) per problem, deduplicated, in pydantic's order."""
    seen: dict[str, str] = {}
    for item in error.errors(include_url=False):
        field = _field_path(tuple(item.get("loc", ())))
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        if item.get("type") == "extra_forbidden":
            message = "unknown field (check the spelling; unknown fields are refused)"
        elif "input" in item and item.get("type") not in ("missing",) and not isinstance(item["input"], (dict, list)):
            message += f" (got {item['input']!r})"
        if field not in seen:
            seen[field] = message
        elif message not in seen[field] and item.get("type") != "extra_forbidden":
            seen[field] += f"; or {message}"
    return list(seen.items())


def _read(source: str | Path) -> tuple[dict[str, Any], str]:
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RequestError([("", f"no such file: {path}")]) from None
    except OSError as exc:
        raise RequestError([("", f"cannot read {path}: {exc.strerror}")]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text), str(path)
        return tomllib.loads(text), str(path)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise RequestError([("", f"not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {exc}")], str(path)) from None


def load_request(source: str | Path | Mapping[str, Any] | PlanRequest) -> PlanRequest:
    """A validated :class:`PlanRequest` from a TOML / JSON file path, a JSON string, or a dict.

    Raises :class:`RequestError` naming every bad field, its value, and what would be valid.
    """
    if isinstance(source, PlanRequest):
        return source
    origin = None
    if isinstance(source, Mapping):
        data: Any = dict(source)
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            raise RequestError([("", f"not valid JSON: {exc}")]) from None
    else:
        data, origin = _read(source)
    if not isinstance(data, Mapping):
        raise RequestError([("", "a request is a table / object of fields")], origin)
    try:
        return PlanRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestError(problems_of(exc), origin) from None


def load_plan(source: str | Path) -> Plan:
    """A plan from its JSON file (as written by ``plan.write_json`` or by hand)."""
    path = Path(source)
    try:
        return Plan.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise RequestError([("", f"no such file: {path}")]) from None
    except ValidationError as exc:
        raise RequestError(problems_of(exc), str(path)) from None
