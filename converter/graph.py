"""The file-provenance: the planner's queries over the image's files, and its pictures.

Queries ("who wrote this path", "what is there") read `ImageFiles` directly. The graph
(networkx) exists only for the pictures (`explain --graph`, the Mermaid block of `--format
github`): it is built, and networkx imported, on first use. Importing networkx costs about
135 ms (`python3 -X importtime -c "import networkx"`, 2-core machine), a fifth of a whole
`stagesplit convert` run, which never draws a picture.

Edges: context file -> instruction (copied-by), instruction -> path (produces, modifies),
path -> instruction (read-by; builds-from: the sources a build command compiles), and in a
picture of a plan: copied path -> runtime stage (copied).
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from .effects import Effect, ImageFiles, Origin, ancestors

if TYPE_CHECKING:
    import networkx as nx

FOLD = 8            # a picture shows at most this many context files, and as many image paths, one by one
MAX_NODES = 60      # past this many nodes a picture leaves the least telling out, with a note saying how many


class Located(Struct, frozen=True, gc=False):
    path: str          # the path asked for
    node: str          # the written path that holds it (itself, or a tree above it)
    origin: Origin


class RuntimeView(Struct, frozen=True, gc=False):
    """What a picture shows of the runtime stage: its base and the paths it copies."""

    base: str
    copies: tuple[str, ...]


class Provenance:
    def __init__(self, effects: tuple[Effect, ...], files: ImageFiles):
        self.effects = effects
        self.files = files
        self._graph: nx.DiGraph | None = None

    @property
    def graph(self) -> nx.DiGraph:
        """The graph of the build stage, built on first use (only pictures read it)."""
        if self._graph is None:
            self._graph = _build(self.effects)
        return self._graph

    # -- queries over the final file state ------------------------------------------------
    def locate(self, path: str) -> Located | None:
        """The written path holding `path`: itself, or the nearest tree/dir above it. A tree an
        OS package install wrote into (/usr, /etc, /var/lib) vouches for no path: which files
        the packages hold is not known, and a runtime stage must never copy a path nothing wrote."""
        path = posixpath.normpath(path)
        o = self.files.origins.get(path)
        if o is not None and not o.package:
            return Located(path, path, o)
        for d in list(ancestors(path))[1:]:
            o = self.files.origins.get(d)
            if o is not None and o.tree and not o.package:
                return Located(path, d, o)
        return None

    def is_dir(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return any(p.startswith(prefix) for p, o in self.files.origins.items() if not o.package)

    def glob(self, pattern: str) -> list[str]:
        depth = pattern.count("/")
        hits = set()
        for p, o in self.files.origins.items():
            if o.package:
                continue
            parts = p.split("/")
            if len(parts) > depth and fnmatch.fnmatchcase("/".join(parts[: depth + 1]), pattern):
                hits.add("/".join(parts[: depth + 1]))
        return sorted(hits)

    # -- pictures ---------------------------------------------------------------------------
    def to_dot(self, runtime: RuntimeView | None = None) -> str:
        return to_dot(picture(self, runtime))

    def to_mermaid(self, runtime: RuntimeView | None = None) -> str:
        return to_mermaid(picture(self, runtime))


def _build(effects: tuple[Effect, ...]) -> nx.DiGraph:
    import networkx as nx  # here only: see the module's docstring

    g = nx.DiGraph()
    written: dict[str, int] = {}          # image path -> line of the instruction that wrote it last
    for eff in effects:
        ins = eff.instruction
        node = f"L{ins.start_line}"
        g.add_node(node, kind="instruction", label=_instruction_label(ins.raw) if ins.raw else ins.keyword)
        for c in eff.context_reads:
            g.add_edge(f"ctx:{c}", node, kind="copied-by")
            g.nodes[f"ctx:{c}"]["kind"] = "context"
        for p in eff.reads:
            g.add_edge(f"path:{p}", node, kind="read-by")
            g.nodes[f"path:{p}"].setdefault("kind", "path")
        # What a build compiles, when its effect does not name what it read (pip's reads, its
        # requirement files and manifests, are drawn as read-by: then no file is guessed).
        for art in eff.artifacts if not eff.reads else ():
            for p in _sources(art.ecosystem, art.source_dir, art.path, written):
                if not g.has_edge(f"path:{p}", node):
                    g.add_edge(f"path:{p}", node, kind="builds-from")
        for p, origin in eff.writes:
            g.add_edge(node, f"path:{p}", kind="produces")
            g.nodes[f"path:{p}"]["kind"] = ("packages" if origin.package else "tree") if origin.tree else "path"
            written[p] = ins.start_line
        for p in eff.modifies:
            g.add_edge(node, f"path:{p}", kind="modifies")
            g.nodes[f"path:{p}"].setdefault("kind", "path")
        for art in eff.artifacts:
            g.add_node(f"path:{art.path}", kind="artifact")
            g.add_edge(node, f"path:{art.path}", kind="produces")
    return g


def _sources(ecosystem: str, source_dir: str, artifact: str, written: dict[str, int]) -> list[str]:
    """The paths written so far that a build in SOURCE_DIR compiles: its ecosystem's build
    inputs there (*.go, go.mod, vendor/...), or, when none of them matches (a build whose inputs
    the ecosystem does not list, npm's package.json among the rest), every file there but the
    repository's metadata (.git, Dockerfile, CI files)."""
    from heuristics import ecosystems
    from heuristics.repository_files import REPOSITORY_METADATA

    patterns = next((e.build_inputs for e in ecosystems() if e.name == ecosystem), ())
    prefix = source_dir.rstrip("/") + "/"
    inside = [p for p in written if p.startswith(prefix) and p != artifact and not artifact.startswith(p.rstrip("/") + "/")]

    def matches(p: str, globs: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatchcase(part, g) for part in p[len(prefix):].split("/") for g in globs)

    return [p for p in inside if matches(p, patterns)] or [p for p in inside if not matches(p, REPOSITORY_METADATA)]


# -- a picture: the graph, with the runtime stage, folded and capped ------------------------------

def picture(prov: Provenance, runtime: RuntimeView | None = None, *, focus: bool = False,
            fold: int = FOLD, max_nodes: int = MAX_NODES) -> nx.DiGraph:
    """The graph to draw. With RUNTIME, the runtime stage is a node and each path it copies
    one node (a copied folder takes the files under it). FOCUS keeps only what leads to the
    runtime stage: context file -> instruction -> image path -> artifact -> runtime stage.
    Then context files and image paths beyond FOLD are folded into their folders ("src/ (40
    files)"), and past MAX_NODES the least telling nodes are left out, with a note saying so."""
    g = prov.graph.copy()
    pinned: set[str] = {n for n, d in g.nodes(data=True) if d.get("kind") in ("instruction", "artifact")}
    if runtime is not None:
        g.add_node("runtime", kind="runtime", label=f"runtime stage: FROM {runtime.base}")
        pinned.add("runtime")
        for c in runtime.copies:
            target = f"path:{c}"
            members = [n for n in g.nodes if n.startswith("path:") and _under(n[5:], c)]
            _merge(g, members, target)
            if target not in g:
                g.add_node(target)
                holder = prov.locate(c)
                if holder is not None and f"path:{holder.node}" in g:
                    g.add_edge(f"path:{holder.node}", target, kind="holds")
                elif holder is not None and f"L{holder.origin.line}" in g:
                    g.add_edge(f"L{holder.origin.line}", target, kind="produces")
            kind = g.nodes[target].get("kind")
            g.nodes[target].update(kind="artifact" if kind == "artifact" else "copied", label=c)
            g.add_edge(target, "runtime", kind="copied")
            pinned.add(target)
        if focus:
            import networkx as nx

            g = g.subgraph(nx.ancestors(g, "runtime") | {"runtime"}).copy()
    for prefix in ("ctx:", "path:"):
        _fold(g, [n for n in g.nodes if n.startswith(prefix) and n not in pinned], prefix, fold)
    _cap(g, max_nodes)
    return g


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _merge(g: nx.DiGraph, members: Sequence[str], target: str) -> None:
    """Replace MEMBERS by one node TARGET that keeps their edges (and their kind when it is
    the same for all; a folded folder counts the files it holds)."""
    if not members:
        return
    kinds = {g.nodes[m].get("kind") for m in members}
    files = sum(g.nodes[m].get("files", 1) for m in members)
    if target not in g:
        g.add_node(target)
    for m in members:
        for a, _, data in list(g.in_edges(m, data=True)):
            if a not in members and a != target:
                g.add_edge(a, target, **data)
        for _, b, data in list(g.out_edges(m, data=True)):
            if b not in members and b != target:
                g.add_edge(target, b, **data)
    g.remove_nodes_from([m for m in members if m != target])
    g.nodes[target].update(kind=kinds.pop() if len(kinds) == 1 else "path", files=files)


def _fold(g: nx.DiGraph, nodes: list[str], prefix: str, fold: int) -> None:
    """Fold NODES (paths after PREFIX) into their folders at the deepest level that leaves at
    most FOLD of them: a path is cut to its first d components, the rest folded below them."""
    if len(nodes) <= fold:
        return
    parts = {n: [p for p in n[len(prefix):].split("/") if p] for n in nodes}
    absolute = prefix == "path:"
    depth = 1
    for d in range(max(len(p) for p in parts.values()), 0, -1):
        if len({tuple(p[:d]) for p in parts.values()}) <= fold:
            depth = d
            break
    groups: dict[str, list[str]] = {}
    for n, p in parts.items():
        if len(p) <= depth:
            continue
        groups.setdefault(("/" if absolute else "") + "/".join(p[:depth]), []).append(n)
    for folder, members in groups.items():
        same = prefix + folder
        if same in g and same not in members:       # the folder itself (WORKDIR /app) joins its files
            members.append(same)
        target = prefix + folder + "/"
        _merge(g, members, target)
        g.nodes[target]["label"] = f"{folder}/ ({g.nodes[target]['files']} files)"
        g.nodes[target]["kind"] = "context" if prefix == "ctx:" else "tree"


_DROP_ORDER = {"context": 0, "packages": 1, "path": 2, "tree": 2, "instruction": 3}


def _cap(g: nx.DiGraph, max_nodes: int) -> None:
    """Leave out nodes past MAX_NODES: context files first, then image paths, then instructions
    (those that lead nowhere first); the artifacts, the copied paths and the runtime stage stay.
    A note node says how many were left out."""
    excess = g.number_of_nodes() - max_nodes
    if excess <= 0:
        return
    order = {n: i for i, n in enumerate(g.nodes)}
    candidates = sorted((n for n in order if g.nodes[n].get("kind", "path") in _DROP_ORDER),
                        key=lambda n: (_DROP_ORDER[g.nodes[n].get("kind", "path")], g.degree(n) > 0, -order[n]))
    dropped = candidates[: excess + 1]
    g.remove_nodes_from(dropped)
    if dropped:
        g.add_node("note", kind="note", label=f"… {len(dropped)} more nodes not shown")


def _instruction_label(raw: str, limit: int = 60) -> str:
    """An instruction as one short line: its continuation lines joined (the build command of
    `RUN go mod download && \\` is on the next one), comment lines inside it left out."""
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    text = " ".join(ln[:-1].rstrip() if ln.endswith("\\") else ln for ln in lines)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(n: str, data: dict[str, Any]) -> str:
    return str(data.get("label", n.split(":", 1)[-1]))


def to_dot(g: nx.DiGraph) -> str:
    out = ["digraph provenance {", "  rankdir=LR;"]
    for n, data in g.nodes(data=True):
        shape = {"instruction": "box", "context": "note", "tree": "folder", "packages": "folder", "artifact": "component",
                 "copied": "folder", "runtime": "box3d", "note": "plaintext"}.get(data.get("kind", ""), "ellipse")
        out.append(f"  {_q(n)} [shape={shape}, label={_q(_label(n, data))}];")
    for a, b, data in g.edges(data=True):
        out.append(f"  {_q(a)} -> {_q(b)} [label={_q(data['kind'])}];")
    out.append("}")
    return "\n".join(out) + "\n"


# Mermaid node shapes by kind: instructions are boxes, context files parallelograms, the
# artifact a subroutine box, the runtime stage a hexagon.
_MERMAID_SHAPES = {"instruction": ('["', '"]'), "context": ('[/"', '"/]'), "artifact": ('[["', '"]]'),
                   "runtime": ('{{"', '"}}'), "note": ('>"', '"]')}


def to_mermaid(g: nx.DiGraph) -> str:
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    out = ["flowchart LR"]
    for n, data in g.nodes(data=True):
        left, right = _MERMAID_SHAPES.get(data.get("kind", ""), ('("', '")'))
        out.append(f"  {ids[n]}{left}{_mermaid_text(_label(n, data))}{right}")
    for a, b, data in g.edges(data=True):
        out.append(f"  {ids[a]} -->|{data['kind']}| {ids[b]}")
    return "\n".join(out) + "\n"


def _mermaid_text(s: str, limit: int = 70) -> str:
    """A label Mermaid reads as text: quotes and angle brackets as entities (GitHub's renderer
    reads `<` as HTML), long RUN lines shortened."""
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _q(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'
