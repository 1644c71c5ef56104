"""The file-provenance graph (networkx): instruction nodes, path nodes, context-file nodes.

Edges: context file -> instruction (copied by), instruction -> path (produces),
path -> instruction (read by). Queries answer "who wrote this path" and "what is there".
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass

import networkx as nx

from .effects import Effect, ImageFiles, Origin, ancestors


@dataclass(frozen=True)
class Located:
    path: str          # the path asked for
    node: str          # the written path that holds it (itself, or a tree above it)
    origin: Origin


class Provenance:
    def __init__(self, effects: tuple[Effect, ...], files: ImageFiles):
        self.effects = effects
        self.files = files
        self.graph = nx.DiGraph()
        for eff in effects:
            ins = eff.instruction
            node = f"L{ins.start_line}"
            self.graph.add_node(node, kind="instruction", label=ins.raw.splitlines()[0].strip() if ins.raw else ins.keyword)
            for c in eff.context_reads:
                self.graph.add_edge(f"ctx:{c}", node, kind="copied-by")
                self.graph.nodes[f"ctx:{c}"]["kind"] = "context"
            for p, origin in eff.writes:
                self.graph.add_edge(node, f"path:{p}", kind="produces")
                self.graph.nodes[f"path:{p}"]["kind"] = ("packages" if origin.package else "tree") if origin.tree else "path"
            for p in eff.modifies:
                self.graph.add_edge(node, f"path:{p}", kind="modifies")
                self.graph.nodes[f"path:{p}"].setdefault("kind", "path")
            for p in eff.reads:
                self.graph.add_edge(f"path:{p}", node, kind="read-by")
                self.graph.nodes[f"path:{p}"].setdefault("kind", "path")

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
    def to_dot(self) -> str:
        out = ["digraph provenance {", "  rankdir=LR;"]
        for n, data in self.graph.nodes(data=True):
            shape = {"instruction": "box", "context": "note", "tree": "folder", "packages": "folder"}.get(data.get("kind", ""), "ellipse")
            out.append(f"  {_q(n)} [shape={shape}, label={_q(data.get('label', n.split(':', 1)[-1]))}];")
        for a, b, data in self.graph.edges(data=True):
            out.append(f"  {_q(a)} -> {_q(b)} [label={_q(data['kind'])}];")
        out.append("}")
        return "\n".join(out) + "\n"

    def to_mermaid(self) -> str:
        ids = {n: f"n{i}" for i, n in enumerate(self.graph.nodes)}
        out = ["flowchart LR"]
        for n, data in self.graph.nodes(data=True):
            label = str(data.get("label", n.split(":", 1)[-1])).replace('"', "#quot;")
            out.append(f'  {ids[n]}["{label}"]' if data.get("kind") == "instruction" else f'  {ids[n]}("{label}")')
        for a, b, data in self.graph.edges(data=True):
            out.append(f"  {ids[a]} -->|{data['kind']}| {ids[b]}")
        return "\n".join(out) + "\n"


def _q(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'
