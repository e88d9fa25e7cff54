"""Every Python snippet of the README runs as a script, as written (in a fresh process, from a
folder holding the examples), e.g. the batch snippet whose worker processes import the script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_snippets() -> None:
    assert len(SNIPPETS) >= 3 and any("generate_many" in s and "__main__" in s for s in SNIPPETS)


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_snippet_runs_as_a_script(number: int, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    script = tmp_path / "snippet.py"
    script.write_text(SNIPPETS[number], encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
