"""`explain` says which rule carried each path into the runtime stage."""

from __future__ import annotations

import subprocess
import sys

from .conftest import CORPUS, ROOT


def test_explain_names_the_rule_of_every_copy():
    r = subprocess.run([sys.executable, "-m", "converter.cli", "explain", str(CORPUS / "go" / "conventions" / "Dockerfile")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    copies = r.stdout.split("Runtime stage copies:\n", 1)[1].split("Decisions:", 1)[0].strip().splitlines()
    assert any("/srv/notes/notes  (the program" in c for c in copies)
    assert any("/srv/notes/config.yaml  (carried: config.yaml is in the program's folder /srv/notes" in c for c in copies)
    assert any("/srv/notes/database  (carried:" in c for c in copies)
    assert any("/srv/notes/.env  (named in the sources" in c for c in copies)
    assert "closure: the program's folders" in r.stdout


def test_precise_closure_is_said_too():
    r = subprocess.run([sys.executable, "-m", "converter.cli", "explain", "--closure", "precise",
                        str(CORPUS / "go" / "conventions" / "Dockerfile")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "closure: precise" in r.stdout and "carried:" not in r.stdout
