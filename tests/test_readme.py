"""Every Python snippet of the README runs as a script, as written (in a fresh process, from a
folder holding the examples and the files the README's shell snippets create with ``cat >``),
e.g. the batch snippet whose worker processes import the script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SNIPPETS = re.findall(r"```python\n(.*?)```", README, re.S)
#: Files the shell snippets write (``cat > NAME <<'EOF' … EOF``), which later snippets read.
FILES = dict(re.findall(r"cat > (\S+) <<'EOF'\n(.*?\n)EOF\n", README, re.S))


def test_the_readme_has_snippets() -> None:
    assert len(SNIPPETS) >= 3 and any("generate_many" in s and "__main__" in s for s in SNIPPETS)


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_snippet_runs_as_a_script(number: int, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    script = tmp_path / "snippet.py"
    script.write_text(SNIPPETS[number], encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
