"""Text -> `Dockerfile` model.

Instruction boundaries and values come from BuildKit's own parser (PyPI `dockerfile`, the
Go parser through cgo): it knows heredocs, escape directives, JSON edge cases and flags exactly
as `docker build` does, which is what a converted file must keep working with. Every line
outside an instruction's span is kept as `Trivia`, so untouched bytes survive.
"""

from __future__ import annotations

import re

from .errors import InputError
from .model import NOT_UTF8, Dockerfile, Instruction, Item, Stage, Trivia
from .validate import validate


def _cap_malloc_arenas() -> None:
    """Each thread of the Go runtime inside `dockerfile` gets its own glibc malloc arena on its
    first malloc: 64 MB of address space each (not memory), about 260 MB of VmSize per process, so
    that under `ulimit -v` (RLIMIT_AS) the next Go thread's stack cannot be mapped and the
    process aborts in pthread_create. Two arenas serve the few C allocations the parser makes."""
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(-8, 2)      # M_ARENA_MAX (glibc's malloc.h); must run before the Go library loads
    except (OSError, AttributeError):
        pass                     # not glibc (musl, macOS): nothing to cap


_cap_malloc_arenas()

import dockerfile as buildkit  # noqa: E402  (after the arena cap: the Go runtime starts its threads at load)

KNOWN = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN "
    "SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$")


def split_lines(text: str) -> list[str]:
    """Lines with their newline kept; only "\\n" ends a line (as in BuildKit's scanner)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _directives(lines: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for line in lines:
        m = _DIRECTIVE.match(line.rstrip("\r\n"))
        if not m or m.group(1).lower() in dict(out):
            break
        out.append((m.group(1).lower(), m.group(2)))
    return tuple(out)


def parse(text: str) -> Dockerfile:
    """Text -> model; raises `InputError` (one line) for anything `docker build` would reject."""
    items, directives = parse_items(text)
    df = _build(text, items, directives)
    validate(df)
    _check_copy_words(df)
    return df


def _check_copy_words(df: Dockerfile) -> None:
    """COPY and ADD paths, in JSON form too, are shell words to BuildKit: each is read again by
    its lexer (quotes removed, escapes applied), so `COPY ["we\\"ird.txt", "/app/"]` (the
    JSON string we"ird.txt) stops the build with an unterminated quote. The same one line here,
    rather than an analysis of a file the engine will not build."""
    escape = df.directive("escape") or "\\"
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        for word in ins.args:
            quote = _unterminated_quote(word, escape)
            if quote:
                raise InputError(f"line {ins.start_line}: {ins.keyword} path {word!r}: unexpected end of statement while "
                                 f"looking for matching {quote}-quote (BuildKit reads each path as a shell word: "
                                 f"escape a quote in a name with {escape})")


def _unterminated_quote(word: str, escape: str) -> str | None:
    """"single" or "double" when WORD leaves a quote open as BuildKit's shell lexer reads it
    (outside quotes the escape character takes the next character literally; inside double
    quotes it escapes a quote); None when it is a whole word."""
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch == escape:
            i += 2
        elif ch == "'":
            end = word.find("'", i + 1)
            if end < 0:
                return "single"
            i = end + 1
        elif ch == '"':
            i += 1
            while i < n and word[i] != '"':
                i += 2 if word[i] == escape else 1
            if i >= n:
                return "double"
            i += 1
        else:
            i += 1
    return None


def parse_items(text: str) -> tuple[tuple[Item, ...], tuple[tuple[str, str], ...]]:
    """The syntax layer alone (BuildKit's parser level): instructions and trivia, in order."""
    if "\x00" in text:
        raise InputError("not a Dockerfile: the file holds NUL bytes")
    try:
        # Bytes that are not UTF-8 reach here as lone surrogates (`decode`); the Go library would
        # crash on them (a SIGSEGV in its string conversion), so it reads U+FFFD in their place:
        # one character for one byte, never a line break, so every span is the same. Values holding
        # one then match no context file and no rule; `raw` keeps the bytes.
        commands = buildkit.parse_string(NOT_UTF8.sub("\ufffd", text))
    except buildkit.GoParseError as e:
        raise InputError(f"cannot parse Dockerfile: {str(e).splitlines()[0] if str(e) else 'parse error'}") from None
    lines = split_lines(text)
    spans: dict[int, Instruction] = {}
    covered: set[int] = set()
    for c in commands:
        if not c.cmd:
            raise InputError(f"line {c.start_line}: an instruction with no keyword")
        keyword = c.cmd.upper()
        if keyword not in KNOWN:
            raise InputError(f"line {c.start_line}: unknown instruction {c.cmd}")
        if keyword == "FROM" and not c.value:
            raise InputError(f"line {c.start_line}: FROM needs an image")
        if keyword == "ONBUILD" and (c.sub_cmd or "").upper() not in KNOWN:
            raise InputError(f"line {c.start_line}: unknown instruction after ONBUILD: {c.sub_cmd}")
        raw = "".join(lines[c.start_line - 1:c.end_line])
        ins = Instruction(
            keyword=keyword,
            args=tuple(c.value),
            flags=tuple(c.flags),
            json_form=bool(c.json),
            raw=raw,
            start_line=c.start_line,
            end_line=c.end_line,
            sub_keyword=c.sub_cmd.upper() if c.sub_cmd else None,
            heredocs=tuple(h.content for h in c.heredocs),
        )
        spans[c.start_line] = ins
        covered.update(range(c.start_line, c.end_line + 1))
    items: list[Item] = []
    for n, line in enumerate(lines, start=1):
        if n in spans:
            items.append(spans[n])
        elif n not in covered:
            items.append(Trivia(raw=line, line=n))
    return tuple(items), _directives(lines)


def _build(text: str, items: tuple[Item, ...], directives: tuple[tuple[str, str], ...]) -> Dockerfile:
    global_args: list[Instruction] = []
    stages: list[Stage] = []
    current: Instruction | None = None
    body: list[Instruction] = []
    for it in items:
        if not isinstance(it, Instruction):
            continue
        if it.keyword == "FROM":
            if current is not None:
                stages.append(Stage(len(stages), current, tuple(body)))
            current, body = it, []
        elif current is None:
            if it.keyword != "ARG":
                raise InputError(f"line {it.start_line}: {it.keyword} before the first FROM")
            global_args.append(it)
        else:
            body.append(it)
    if current is None:
        raise InputError("no FROM instruction: not a Dockerfile")
    stages.append(Stage(len(stages), current, tuple(body)))
    return Dockerfile(text=text, items=items, global_args=tuple(global_args),
                      stages=tuple(stages), directives=directives)


def decode(data: bytes, name: str) -> str:
    """Dockerfile bytes -> text. BuildKit reads the file as bytes, so a legacy file with a Latin-1
    comment (`# café` as the byte E9) builds, and is converted: bytes that are not UTF-8 become
    lone surrogates ("surrogateescape"), which `encode_text` (converter/files.py) turns back into
    the same bytes, so the lines the conversion keeps are the user's bytes exactly. Guessing the
    legacy encoding instead (latin-1, cp1252) would rewrite those bytes as UTF-8; refusing would
    leave a file the engine builds unconverted for a comment's sake. NAME (the file as the user named it) is
    unused now that every byte sequence decodes."""
    return data.decode("utf-8", "surrogateescape")


def read(path: str) -> Dockerfile:
    """Read and parse a file ('-' for stdin); every failure is one `InputError` line."""
    from .files import read_input

    return parse(decode(read_input(path), path))
