"""The layout reads like the architecture: the models import nothing built on them, the plan's
convenience methods are attached from above, and the batch is a package of named parts."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import hamplan
from hamplan.plan_methods import PLAN_METHODS, attach

PACKAGE = Path(hamplan.__file__).parent


def _hamplan_imports(path: Path) -> set[str]:
    """Every hamplan module ``path`` imports, at the top or inside a function (lazily)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hamplan"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("hamplan"))
    return found


def test_models_import_nothing_built_on_them() -> None:
    assert _hamplan_imports(PACKAGE / "models.py") <= {"hamplan.errors"}


@pytest.mark.parametrize("name", sorted(PLAN_METHODS))
def test_every_plan_method_names_a_function_that_exists(name: str) -> None:
    module_name, function_name = PLAN_METHODS[name].split(":")
    assert callable(getattr(importlib.import_module(module_name), function_name))
    assert getattr(hamplan.Plan, name).__name__ == name


def test_a_new_plan_method_is_one_row(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Probe(hamplan.Plan):
        pass

    monkeypatch.setitem(PLAN_METHODS, "write_probe", "hamplan.export.files:write_json")
    attach(Probe)
    assert Probe.write_probe.__qualname__ == "Plan.write_probe"


def test_batch_is_a_package_of_named_parts() -> None:
    parts = {p.stem for p in (PACKAGE / "batch").glob("*.py")}
    assert {"pool", "dask_cluster", "layout", "resume", "summary", "driver", "work", "jsonl", "results"} <= parts
    assert not (PACKAGE / "batch.py").exists()
    for part in parts:
        lines = (PACKAGE / "batch" / f"{part}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, (part, lines)
