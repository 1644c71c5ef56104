"""The provenance pictures (`explain --graph`, the Mermaid block of `--format github`): the
sources a build compiles, the runtime stage, folding and the node cap; and networkx loaded
only when a picture is drawn."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from converter.context import in_memory
from converter.graph import FOLD, MAX_NODES, picture, to_mermaid
from converter.parse import parse
from converter.plan import make_plan
from converter.preview.mermaid import provenance_mermaid, runtime_view

from .conftest import CORPUS, GO_MOD, ROOT

BOOKSTORE = CORPUS / "go" / "bookstore" / "Dockerfile"


def run(*args):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def edges(mermaid: str) -> set[tuple[str, str, str]]:
    """(from label, edge kind, to label) of a Mermaid flowchart."""
    labels = dict(re.findall(r'^  (n\d+)\W+"(.*?)"', mermaid, flags=re.M))
    return {(labels[a], kind, labels[b]) for a, kind, b in re.findall(r"^  (n\d+) -->\|(.*?)\| (n\d+)$", mermaid, flags=re.M)}


def test_explain_graph_links_sources_to_the_build_and_the_artifact_to_the_runtime_stage():
    r = run("explain", "--graph", "mermaid", BOOKSTORE)
    assert r.returncode == 0
    e = edges(r.stdout)
    assert ("pkg/main.go", "copied-by", "COPY ./pkg .") in e
    assert ("COPY ./pkg .", "produces", "/home/main.go") in e
    assert ("/home/main.go", "builds-from", "RUN  go build -o bookstore") in e
    assert ("/home/go.mod", "builds-from", "RUN  go build -o bookstore") in e
    assert ("RUN  go build -o bookstore", "produces", "/home/bookstore") in e
    assert ("/home/bookstore", "copied", "runtime stage: FROM alpine:3.22") in e
    assert ("/home/templates", "copied", "runtime stage: FROM alpine:3.22") in e
    # templates are not compiled: no builds-from edge from them
    assert not any(a.startswith("/home/templates") and k == "builds-from" for a, k, _ in e)
    dot = run("explain", "--graph", "dot", BOOKSTORE).stdout
    assert '"path:/home/main.go" -> "L5" [label="builds-from"];' in dot and '-> "runtime" [label="copied"];' in dot


def test_the_pull_request_picture_keeps_only_what_leads_to_the_runtime_stage():
    r = run("convert", "--format", "github", BOOKSTORE)
    mermaid = r.stdout.split("```mermaid\n", 1)[1].split("```", 1)[0]
    e = edges(mermaid)
    labels = {x for a, _, b in e for x in (a, b)}
    assert "EXPOSE 8080" not in labels and "RUN go mod download" not in labels and "WORKDIR /home" not in labels
    assert {"pkg/main.go", "COPY ./pkg .", "/home/main.go", "RUN  go build -o bookstore", "/home/bookstore",
            "runtime stage: FROM alpine:3.22"} <= labels


def _plan(files: dict[str, str]):
    df = parse("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    return make_plan(df, in_memory(files))


def test_many_files_fold_into_their_folders():
    files = {"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n"}
    files.update({f"internal/pkg{i}/f{j}.go": f"package pkg{i}\n" for i in range(12) for j in range(10)})
    files.update({f"web/static/img{i}.png": "x" for i in range(30)})
    plan = _plan(files)
    assert plan.changed
    g = picture(plan.findings.provenance, runtime_view(plan))
    context = [d.get("label", n) for n, d in g.nodes(data=True) if n.startswith("ctx:")]
    assert len(context) <= FOLD
    assert "internal/ (120 files)" in context and "web/ (30 files)" in context
    assert g.number_of_nodes() <= MAX_NODES
    text = provenance_mermaid(plan)
    assert text is not None and "internal/ (120 files)" in text


def test_past_the_cap_a_note_says_how_many_nodes_are_left_out():
    plan = _plan({"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n", "a.txt": "", "b.txt": ""})
    full = picture(plan.findings.provenance, runtime_view(plan))
    small = picture(plan.findings.provenance, runtime_view(plan), max_nodes=6)
    assert small.number_of_nodes() <= 6
    (note,) = [d["label"] for n, d in small.nodes(data=True) if d.get("kind") == "note"]
    assert note == f"… {full.number_of_nodes() - small.number_of_nodes() + 1} more nodes not shown"
    assert "runtime" in small                          # the runtime stage and the artifact stay
    assert any(d.get("kind") == "artifact" for _, d in small.nodes(data=True))
    assert to_mermaid(small).count(">\"…") == 1


def test_mermaid_labels_are_escaped():
    df = parse('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags "-X main.v=<1>" -o /bin/app .\nCMD ["/bin/app"]\n')
    plan = make_plan(df, in_memory({"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n"}))
    text = provenance_mermaid(plan)
    assert text is not None
    assert "#quot;-X main.v=#lt;1#gt;#quot;" in text and "<1>" not in text


def test_converting_never_imports_networkx():
    code = (f"import sys\nfrom converter.cli import main\nrc = main(['convert', '--diff', {str(BOOKSTORE)!r}])\n"
            "print(rc, 'networkx' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.stdout.splitlines()[-1] == "0 False"
    code = code.replace("'convert', '--diff'", "'explain', '--graph', 'mermaid'")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.stdout.splitlines()[-1] == "0 True"


def test_an_instruction_over_several_lines_is_labelled_whole_and_short():
    from converter.graph import _instruction_label

    assert _instruction_label("RUN go mod download && \\\n    go build -o app .\n") == "RUN go mod download && go build -o app ."
    assert _instruction_label("RUN pip install \\\n# why\n    -r requirements.txt\n") == "RUN pip install -r requirements.txt"
    long = _instruction_label("RUN " + "x" * 100)
    assert len(long) == 60 and long.endswith("…")


def test_pip_builds_from_the_requirement_files_it_read_not_from_every_file_of_the_folder():
    """pip's effect names what it read (the requirement files, the project's manifest): those
    are drawn as read by the install, and the app's other files are not guessed as its sources."""
    files = {"requirements.txt": "flask==3.0.0\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
             "templates/index.html": "<p>hi</p>\n", "Dockerfile": ""}
    df = parse("FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
               'CMD ["python", "app.py"]\n')
    plan = make_plan(df, in_memory(files))
    assert plan.changed, plan.reason
    g = plan.findings.provenance.graph
    into_pip = {(a, d["kind"]) for a, _, d in g.in_edges("L4", data=True)}
    assert ("path:/app/requirements.txt", "read-by") in into_pip
    assert not any(kind == "builds-from" for _, kind in into_pip), into_pip
