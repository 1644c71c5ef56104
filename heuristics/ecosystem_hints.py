"""Signs of an ecosystem the converter has no rules for yet, so that a refusal names the real
reason ("no rules for Python builds yet") rather than the first step it could not read.

Each hint maps a build image repository or a build command to a language. An ecosystem that
gains a module in `heuristics/` (registered in `ecosystems()`) is never reported here.

Example: `FROM python:3.11-slim` + `RUN pip install -r requirements.txt` -> "Python".
"""

from __future__ import annotations

import posixpath

IMAGE_LANGUAGE = {
    "python": "Python", "pypy": "Python", "node": "Node.js", "rust": "Rust", "eclipse-temurin": "Java",
    "openjdk": "Java", "amazoncorretto": "Java", "maven": "Java", "gradle": "Java", "gcc": "C/C++",
    "ruby": "Ruby", "php": "PHP", "elixir": "Elixir", "erlang": "Erlang", "haskell": "Haskell",
    "swift": "Swift", "dart": "Dart", "perl": "Perl", "julia": "Julia", "clojure": "Clojure",
}
COMMAND_LANGUAGE = {
    "pip": "Python", "pip3": "Python", "poetry": "Python", "pipenv": "Python", "uv": "Python",
    "npm": "Node.js", "yarn": "Node.js", "pnpm": "Node.js", "npx": "Node.js",
    "cargo": "Rust", "rustc": "Rust", "mvn": "Java", "gradle": "Java", "./gradlew": "Java", "./mvnw": "Java",
    "javac": "Java", "dotnet": ".NET", "cmake": "C/C++", "gcc": "C/C++", "g++": "C/C++", "cc": "C/C++",
    "clang": "C/C++", "bundle": "Ruby", "gem": "Ruby", "composer": "PHP", "mix": "Elixir",
}


def language_of(image_repo: str, commands: list[str], supported: frozenset[str]) -> str | None:
    """The unsupported language a build shows signs of, or None. SUPPORTED holds the languages
    of the registered ecosystems, spelt as here ("Go", "Rust", ...)."""
    found: list[str] = []
    lang = IMAGE_LANGUAGE.get(image_repo)
    if lang:
        found.append(lang)
    for name in commands:
        lang = COMMAND_LANGUAGE.get(name) or COMMAND_LANGUAGE.get(posixpath.basename(name))
        if lang:
            found.append(lang)
    for lang in found:
        if lang not in supported:
            return lang
    return None
