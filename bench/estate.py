"""A generated estate: many repositories of Dockerfiles, for `stagesplit batch` tests and benches.

    generate(root, n, seed) -> list[Entry]

writes N Dockerfile entries under ROOT (deterministic for a seed) and says what each one is
expected to give in the batch report:

- corpus cases (corpus/<language>/<case>) with their build context, varied: the file's name (every
  discovery pattern), the folder's path, a LABEL / ENV / comment after FROM, CRLF line ends, the
  build image spelt `docker.io/library/...`. A case with expected.Dockerfile is expected
  converted; one whose case.json says `unchanged` is expected unchanged, its reason containing
  that text. A case's expected.Dockerfile as the Dockerfile: unchanged, SS001.
- ignored ones: an inline `# stagesplit: ignore` comment, or under a folder the repository's
  configuration (`.stagesplit.toml`, or `[tool.stagesplit]` in pyproject.toml) overrides with
  `ignore = true`: unchanged, SS025.
- left out (not in the report: `listed` False): under a folder `.gitignore` ignores (with a nested
  `.gitignore` and a negated pattern), or one the configuration's `exclude` names.
- broken: empty, FROM without an image, an unknown instruction, binary bytes, Latin-1 text (error);
  over 1 MiB (skipped).
- hostile: a FIFO named Dockerfile, symbolic links out of ROOT (to a file and to a folder), a second
  link to a Dockerfile already found, a dangling link (all skipped); a deeply nested path, folder
  names with spaces and a newline, a file with no read permission (expected as their case, or an
  error when the permission holds: not for root).

Noise that must not be picked up (no entry): backups (Dockerfile.bak, Dockerfile~), our temporary files,
templates (Dockerfile.j2). Context files are hard links to one copy per case (cheap for 10,000
files), in ROOT/.estate-cases/, which ROOT/.gitignore leaves out.

Entry.path is relative to ROOT: `stagesplit batch ROOT` reports it as os.path.join(ROOT, path).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NAMES = ("Dockerfile", "Dockerfile.prod", "api.Dockerfile", "worker.dockerfile", "Containerfile", "Dockerfile.ci")
FILES_PER_REPO = 25
CACHE = ".estate-cases"


@dataclass(frozen=True)
class Entry:
    path: str                        # relative to ROOT
    kind: str                        # case | converted-output | inline-ignore | config-ignore | gitignored | excluded | broken | hostile
    listed: bool = True              # in the batch report at all
    status: str | None = None        # converted | unchanged | error | skipped (None: not listed)
    code: str | None = None          # unchanged: the refusal code, where known
    reason_contains: str = ""        # a part of the reason (unchanged, skipped) or message (error)
    source: str | None = None        # the corpus case, "go/bookstore"
    variation: str = ""


@dataclass(frozen=True)
class Case:
    name: str                        # "go/bookstore"
    text: str
    files: tuple[str, ...]           # context files, relative to the case folder
    expected: str | None             # expected.Dockerfile's text (converted cases)
    unchanged: str | None            # case.json's "unchanged"


def cases(corpus: Path = CORPUS) -> list[Case]:
    out = []
    for folder in sorted(p.parent for p in corpus.glob("*/*/case.json")):
        meta = json.loads((folder / "case.json").read_text())
        files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                       if p.is_file() and not p.is_symlink() and p.name not in ("Dockerfile", "expected.Dockerfile", "case.json"))
        expected = folder / "expected.Dockerfile"
        out.append(Case(f"{folder.parent.name}/{folder.name}", (folder / "Dockerfile").read_text(), tuple(files),
                        expected.read_text() if expected.exists() else None, meta.get("unchanged")))
    return out


def _expectation(case: Case) -> dict:
    if case.expected is not None:
        return {"status": "converted"}
    if case.unchanged is not None:
        return {"status": "unchanged", "reason_contains": case.unchanged}
    raise ValueError(f"{case.name}: neither expected.Dockerfile nor `unchanged` in case.json")


def _vary(text: str, rng: random.Random, i: int) -> tuple[str, str]:
    """Changes that keep the case's verdict: lines after the first FROM, the image's full name or a
    digest, CRLF."""
    lines = text.splitlines(keepends=True)
    done = []
    at = next((k for k, line in enumerate(lines) if line.upper().startswith("FROM ") and not line.rstrip().endswith("\\")), None)
    if at is not None:
        extra = []
        if rng.random() < 0.5:
            extra.append(f"# estate variant {i}\n")
            done.append("comment")
        if rng.random() < 0.4:
            extra.append(f'LABEL org.example.estate.id="{i}"\n')
            done.append("label")
        if rng.random() < 0.3:
            extra.append(f"ENV ESTATE_VARIANT={i}\n")
            done.append("env")
        if rng.random() < 0.03:
            # a comment in Latin-1, as editors of old files leave them: BuildKit reads bytes, and so
            # does stagesplit (the byte 0xE9 is written back as it was; see _put)
            extra.append("# caf\udce9 (Latin-1)\n")
            done.append("latin-1")
        lines[at + 1:at + 1] = extra
        words = lines[at].split()
        image = next((w for w in words[1:] if not w.startswith("--")), "")
        if rng.random() < 0.15 and image and "/" not in image and "$" not in image and image != "scratch":
            lines[at] = lines[at].replace(image, "docker.io/library/" + image, 1)
            done.append("docker.io")
        if rng.random() < 0.1 and image and "$" not in image and "@" not in image and image != "scratch":
            digest = f"{rng.getrandbits(256):064x}"      # the tag pinned to a digest
            lines[at] = lines[at].replace(image, f"{image}@sha256:{digest}", 1)
            done.append("digest")
    out = "".join(lines)
    if rng.random() < 0.1 and "<<" not in out and "\r" not in out:
        out = out.replace("\n", "\r\n")
        done.append("crlf")
    return out, "+".join(done) or "none"


def _image(text: str) -> str:
    line = next((ln for ln in text.splitlines() if ln.upper().startswith("FROM ")), "")
    return next((w for w in line.split()[1:] if not w.startswith("--")), "")


class _Writer:
    def __init__(self, root: Path, corpus: Path) -> None:
        self.root, self.corpus = root, corpus
        self.cached: set[str] = set()

    def context(self, case: Case, folder: Path) -> None:
        """The case's context files into FOLDER: hard links to one copy per case (a copy where links fail)."""
        cache = self.root / CACHE / case.name
        if case.name not in self.cached:
            for rel in case.files:
                (cache / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.corpus / case.name / rel, cache / rel)
            self.cached.add(case.name)
        for rel in case.files:
            dest = folder / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(cache / rel, dest)
            except OSError:
                shutil.copy2(cache / rel, dest)


def generate(root: Path, n: int, seed: int, corpus: Path = CORPUS) -> list[Entry]:
    """Write N entries under ROOT (an empty or new folder); return what each is expected to give."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text(f"/{CACHE}/\n")
    all_cases = cases(corpus)
    converted = [c for c in all_cases if c.expected is not None]
    w = _Writer(root, corpus)
    entries: list[Entry] = []
    kinds = (("case", 80), ("converted-output", 3), ("inline-ignore", 2), ("config-ignore", 2), ("gitignored", 2),
             ("excluded", 2), ("broken", 5), ("hostile", 4))
    population = [k for k, weight in kinds for _ in range(weight)]
    for i in range(n):
        repo_no = i // FILES_PER_REPO
        repo = root / f"org{repo_no // 10:02d}" / f"repo{repo_no:04d}"
        config = repo_no % 3     # 0: .stagesplit.toml, 1: pyproject.toml [tool.stagesplit], 2: none
        if not (repo / ".git").exists():
            _repository(repo, config)
        kind = rng.choice(population)
        if kind == "config-ignore" and config == 2:
            kind = "inline-ignore"
        if kind == "excluded" and config == 2:
            kind = "gitignored"
        case = rng.choice(converted if kind in ("inline-ignore", "config-ignore", "converted-output") else all_cases)
        slug = case.name.replace("/", "-")
        if kind == "case":
            name = rng.choice(NAMES)
            parent = rng.choice(("services", "apps", "tools/images", "deploy/docker"))
            folder = repo / parent / f"{slug}-{i}"
            text, variation = _vary(case.text, rng, i)
            w.context(case, folder)
            _put(folder / name, text)
            if rng.random() < 0.05:          # noise beside it: never picked up
                _put(folder / (name + ".bak"), case.text)       # (not .orig: that would stop --write, rightly)
                _put(folder / (name + "~"), case.text)
                _put(folder / "Dockerfile.j2", "FROM {{ image }}\n")
                _put(folder / f".stagesplit-999999-{i}.tmp", case.text)
            expect = _expectation(case)
            image = _image(case.text)
            if ("docker.io" in variation or "digest" in variation) and image and image in expect.get("reason_contains", ""):
                # the reason names the image as written: keep the part after it
                expect["reason_contains"] = expect["reason_contains"].rsplit(image, 1)[1]
            entries.append(Entry(_rel(root, folder / name), kind, source=case.name, variation=f"{name}+{variation}", **expect))
        elif kind == "converted-output":
            folder = repo / "converted" / f"{slug}-{i}"
            w.context(case, folder)
            _put(folder / "Dockerfile", case.expected or "")
            entries.append(Entry(_rel(root, folder / "Dockerfile"), kind, status="unchanged", code="SS001", source=case.name))
        elif kind == "inline-ignore":
            folder = repo / "pinned" / f"{slug}-{i}"
            w.context(case, folder)
            _put(folder / "Dockerfile", f"# stagesplit: ignore: pinned by the platform team ({i})\n" + case.text)
            entries.append(Entry(_rel(root, folder / "Dockerfile"), kind, status="unchanged", code="SS025",
                                 reason_contains="pinned by the platform team", source=case.name))
        elif kind == "config-ignore":
            folder = repo / "legacy" / f"{slug}-{i}"
            w.context(case, folder)
            _put(folder / "Dockerfile", case.text)
            entries.append(Entry(_rel(root, folder / "Dockerfile"), kind, status="unchanged", code="SS025",
                                 reason_contains="frozen until the migration", source=case.name))
        elif kind == "gitignored":
            where = rng.choice(("build", "nested-ignore", "local"))
            if where == "build":
                path = repo / "build" / f"{slug}-{i}" / "Dockerfile"
            elif where == "nested-ignore":
                path = repo / "generated" / f"{slug}-{i}.Dockerfile"     # generated/.gitignore: *.Dockerfile
            else:
                path = repo / "dev" / f"{i}.local.Dockerfile"            # .gitignore: *.local.Dockerfile
            _put(path, case.text)
            entries.append(Entry(_rel(root, path), kind, listed=False, source=case.name, variation=where))
        elif kind == "excluded":
            path = repo / "vendor" / f"{slug}-{i}" / "Dockerfile"
            _put(path, case.text)
            entries.append(Entry(_rel(root, path), kind, listed=False, source=case.name))
        elif kind == "broken":
            entries.append(_broken(root, repo / "broken" / f"b{i}", rng, case))
        else:
            entries.extend(_hostile(root, repo / "odd" / f"h{i}", rng, case, w))
    # a negated pattern: kept although *.local.Dockerfile is ignored
    keep = root / "org00" / "repo0000" / "dev" / "keep.local.Dockerfile"
    if (root / "org00" / "repo0000").exists() and n > 0:
        case = converted[0]
        w.context(case, keep.parent)
        _put(keep, case.text)
        entries.append(Entry(_rel(root, keep), "case", status="converted", source=case.name, variation="negated gitignore"))
    return entries


def _repository(repo: Path, config: int) -> None:
    (repo / ".git").mkdir(parents=True, exist_ok=True)           # the repository's top: configuration lookups stop here
    (repo / ".gitignore").write_text("build/\n*.local.Dockerfile\n!keep.local.Dockerfile\n")
    (repo / "generated").mkdir(exist_ok=True)
    (repo / "generated" / ".gitignore").write_text("*.Dockerfile\n")
    settings = 'exclude = ["vendor/"]\n'
    override = 'paths = ["legacy/"]\nignore = true\nreason = "frozen until the migration"\n'
    if config == 0:
        (repo / ".stagesplit.toml").write_text(settings + "\n[[overrides]]\n" + override)
    elif config == 1:
        (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.stagesplit]\n' + settings
                                             + "\n[[tool.stagesplit.overrides]]\n" + override)


def _broken(root: Path, folder: Path, rng: random.Random, case: Case) -> Entry:
    what = rng.choice(("empty", "no-image", "unknown-instruction", "binary", "huge"))
    path = folder / "Dockerfile"
    expect = {"status": "error"}
    if what == "empty":
        data = b""
        expect["reason_contains"] = "no instructions"
    elif what == "no-image":
        data = b"FROM\n"
        expect["reason_contains"] = "FROM needs an image"
    elif what == "unknown-instruction":
        data = b"FROM golang:1.22\nFRUM x\nCMD [\"/app\"]\n"
        expect["reason_contains"] = "unknown instruction"
    elif what == "binary":
        data = bytes(rng.randrange(256) for _ in range(512)) + b"\x00\xff"
    else:
        data = case.text.encode() + b"# padding\n" * ((1 << 20) // 10 + 1)
        expect = {"status": "skipped", "reason_contains": "larger than"}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Entry(_rel(root, path), "broken", variation=what, **expect)  # type: ignore[arg-type]


def _hostile(root: Path, folder: Path, rng: random.Random, case: Case, w: _Writer) -> list[Entry]:
    what = rng.choice(("fifo", "link-out-file", "link-out-folder", "same-file", "dangling", "deep", "spaces", "newline",
                       "unreadable"))
    folder.mkdir(parents=True, exist_ok=True)
    if what == "fifo":
        path = folder / "Dockerfile"
        os.mkfifo(path)
        return [Entry(_rel(root, path), "hostile", status="skipped", reason_contains="not a regular file", variation=what)]
    if what == "link-out-file":
        path = folder / "Dockerfile"
        os.symlink("/etc/hostname", path)
        return [Entry(_rel(root, path), "hostile", status="skipped", reason_contains="out of ROOT", variation=what)]
    if what == "link-out-folder":
        path = folder / "outside"
        os.symlink(os.path.dirname(os.path.abspath(root)), path)
        return [Entry(_rel(root, path), "hostile", status="skipped", reason_contains="out of ROOT", variation=what)]
    if what == "dangling":
        path = folder / "Dockerfile"
        os.symlink("missing/Dockerfile", path)
        return [Entry(_rel(root, path), "hostile", status="skipped", reason_contains="broken symbolic link", variation=what)]
    if what == "same-file":
        # a second path to a Dockerfile already found (it sorts after the file): converted once
        w.context(case, folder)
        _put(folder / "Dockerfile", case.text)
        os.symlink("Dockerfile", folder / "Dockerfile.link")
        return [Entry(_rel(root, folder / "Dockerfile"), "hostile", source=case.name, variation="linked-to", **_expectation(case)),
                Entry(_rel(root, folder / "Dockerfile.link"), "hostile", status="skipped", reason_contains="the same file as",
                      source=case.name, variation=what)]
    if what == "deep":
        target = folder.joinpath(*[f"d{k}" for k in range(40)])
    elif what == "spaces":
        target = folder / "with spaces" / "and  more"
    elif what == "newline":
        target = folder / "new\nline"
    else:
        target = folder / "locked"
    w.context(case, target)
    path = target / "Dockerfile"
    _put(path, case.text)
    expect = _expectation(case)
    if what == "unreadable":
        os.chmod(path, 0)
        if not os.access(path, os.R_OK):        # root reads it anyway
            expect = {"status": "error", "reason_contains": "ermission denied"}
    return [Entry(_rel(root, path), "hostile", source=case.name, variation=what, **expect)]


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:   # lone surrogates: raw bytes
        f.write(text)


def _rel(root: Path, path: Path) -> str:
    return os.path.relpath(path, root)


def restore_permissions(root: Path) -> None:
    """Make every file readable again (an unreadable entry otherwise outlives its test's cleanup)."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            p = os.path.join(folder, name)
            if not os.path.islink(p):
                try:
                    os.chmod(p, os.stat(p).st_mode | stat.S_IRUSR | stat.S_IWUSR)
                except OSError:
                    pass


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Write a generated estate of Dockerfiles (bench/estate.py).")
    ap.add_argument("root", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    found = generate(args.root, args.n, args.seed)
    print(f"{len(found)} entries, {sum(e.listed for e in found)} listed, under {args.root}")
