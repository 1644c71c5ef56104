""".dockerignore matching (converter/dockerignore.py) against the Docker SDK's own walk
(`docker.utils.build.exclude_paths`, what `verify` sends to the engine) on generated trees and
patterns, and against the examples of Docker's documentation."""

from __future__ import annotations

import os
import random

import pytest
from docker.utils.build import exclude_paths

from converter import dockerignore
from converter.context import load_context

# Names and pattern pieces: lower case only, as the SDK folds case (Docker does not); no `\`,
# `[!`, `[^` or leading `..`, and `**` only at a pattern's end, where the SDK's rules differ from
# moby's (tested below on their own: the SDK tries a pattern on one parent folder only, the one
# as deep as the pattern has elements, which a `**/` inside a pattern makes the wrong one).
NAMES = ["a", "b", "ab", "src", "lib", "docs", "x.go", "y.md", "README.md", "keep.txt", "temp1", "tempa", "node_modules"]
PIECES = ["*", "?", "a", "b", "src", "docs", "*.md", "*.go", "temp?", "[ab]", "[a-c]*", "keep.txt", "node_modules",
          "README*", ".", ""]


def _tree(rng: random.Random, root, depth: int = 0) -> None:
    for name in rng.sample(NAMES, rng.randint(1, 5)):
        path = root / name
        if depth < 3 and rng.random() < 0.4 and "." not in name:
            path.mkdir(exist_ok=True)
            _tree(rng, path, depth + 1)
        elif not path.exists():
            path.write_text(name)


def _pattern(rng: random.Random) -> str:
    p = "/".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
    p = rng.choice(["", "", "/", "./"]) + p + rng.choice(["", "", "/", "/**", "**"])
    return ("!" if rng.random() < 0.3 else "") + p


def _sdk_files(root, patterns: list[str]) -> set[str]:
    listed = exclude_paths(str(root), list(patterns))
    return {p for p in listed if not os.path.isdir(os.path.join(root, p)) or os.path.islink(os.path.join(root, p))}


def _our_files(root, patterns: list[str]) -> set[str]:
    (root / ".dockerignore").write_text("".join(p + "\n" for p in patterns))
    try:
        return set(load_context(str(root)).files)
    finally:
        (root / ".dockerignore").unlink()


@pytest.mark.parametrize("seed", range(60))
def test_generated_patterns_agree_with_the_docker_sdk(tmp_path, seed):
    rng = random.Random(seed)
    _tree(rng, tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    for _ in range(10):
        patterns = [_pattern(rng) for _ in range(rng.randint(1, 5))]
        patterns = [p for p in patterns if p.strip("!")]
        ours = _our_files(tmp_path, patterns) - {".dockerignore"}
        assert ours == _sdk_files(tmp_path, patterns), patterns


DOC_TREE = ["temp", "tempa", "tempb", "temp12", "somedir/temporary.txt", "somedir/temp", "somedir/subdir/temporary.txt",
            "a.go", "pkg/b.go", "README.md", "README-secret.md", "CHANGES.md", "docs/x.md", "Dockerfile"]


def _context(tmp_path, ignore: str) -> set[str]:
    for rel in DOC_TREE:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    (tmp_path / ".dockerignore").write_text(ignore)
    return set(load_context(str(tmp_path)).files) - {".dockerignore"}


@pytest.mark.parametrize(("ignore", "gone"), [
    # the examples of Docker's reference for .dockerignore
    ("# comment\n*/temp*\n", {"somedir/temporary.txt", "somedir/temp"}),
    ("*/*/temp*\n", {"somedir/subdir/temporary.txt"}),
    ("temp?\n", {"tempa", "tempb"}),
    ("**/*.go\n", {"a.go", "pkg/b.go"}),
    ("*.md\n!README.md\n", {"README-secret.md", "CHANGES.md"}),
    ("*.md\n!README*.md\nREADME-secret.md\n", {"README-secret.md", "CHANGES.md"}),
    ("*.md\nREADME-secret.md\n!README*.md\n", {"CHANGES.md"}),
    # a leading slash and ./ are the root; a trailing slash is dropped; `..` is cleaned away
    ("/temp\n./tempa\nsomedir/\n", {"temp", "tempa", "somedir/temporary.txt", "somedir/temp", "somedir/subdir/temporary.txt"}),
    ("docs/../temp12\n", {"temp12"}),
    # a folder's exclusion covers what is inside; a later exception takes a file back
    ("somedir\n!somedir/temp\n", {"somedir/temporary.txt", "somedir/subdir/temporary.txt"}),
    # the Dockerfile is sent even when excluded
    ("*\n!pkg\n", set(DOC_TREE) - {"pkg/b.go", "Dockerfile"}),
])
def test_documented_examples(tmp_path, ignore, gone):
    assert _context(tmp_path, ignore) == set(DOC_TREE) - gone


@pytest.mark.parametrize(("pattern", "path", "excluded"), [
    # a pattern matches a path or any of its parent folders (the SDK tries one parent only)
    ("**\n!**/temp?", "temp1/b", False), ("**\n!**/temp?", "x/temp1/b/c", False), ("x/**/y", "x/a/b/y/z", True),
    # Docker matches case-sensitively (the SDK folds case)
    ("*.MD", "a.md", False), ("*.MD", "a.MD", True),
    # in a class, ^ negates and ! is a member (moby hands the class to a regular expression)
    ("[^a].txt", "b.txt", True), ("[^a].txt", "a.txt", False), ("[!a].txt", "!.txt", True), ("[!a].txt", "b.txt", False),
    # a backslash makes the next character literal
    (r"\*.txt", "*.txt", True), (r"\*.txt", "a.txt", False),
    # a pattern that climbs out of the context matches nothing in it
    ("../a", "a", False),
    # `#` starts a comment only in the first column
    (" #x", "#x", True),
])
def test_moby_rules_where_the_sdk_differs(pattern, path, excluded):
    assert dockerignore.parse(pattern + "\n").excluded(path) is excluded


@pytest.mark.parametrize("line", ["!", "[z-a]", "a[", "x\\", "[]"])
def test_patterns_docker_refuses(line):
    with pytest.raises(ValueError):
        dockerignore.parse(line + "\n")


@pytest.mark.parametrize("seed", range(5))
def test_one_match_for_the_path_and_its_folders_agrees_with_one_match_per_folder(seed):
    """Pattern.matches asks one widened expression (dockerignore._within); asking the pattern of
    the path and of each parent folder in turn must give the same answer, odd names included."""
    from msgspec.structs import replace

    rng = random.Random(seed)
    parts = ["a", "b", "node_modules", "x.py", "te st", "new\nline", "[x]", "**", "*.md", "d?r", ".git"]
    globs = ["a", "*", "**", "a/**", "**/b", "*.py", "node_modules", "a/*/c", "[a-c]", "d?r", "**/*.md", "te st",
             "a/**/x.py", "\\[x\\]", "new\nline"]
    rules = dockerignore.parse("\n".join(g for g in globs if "\n" not in g))
    pats = [*rules.patterns, dockerignore.Pattern("new\nline", False, dockerignore.compile_glob("new\nline"),
                                                  dockerignore._within(dockerignore.compile_glob("new\nline")))]
    for _ in range(400):
        path = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5)))
        for p in pats:
            assert p.within is not None
            assert p.matches(path) == replace(p, within=None).matches(path), (p.text, path)
