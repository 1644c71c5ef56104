"""Property tests (hypothesis): untouched lines survive byte for byte, conversion is
idempotent, and no input makes the converter crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.context import in_memory
from converter.errors import InputError
from converter.parse import parse
from converter.plan import make_plan
from converter.render import render

from .conftest import GO_MOD, HELLO

FILES = in_memory({"go.mod": GO_MOD, "main.go": HELLO, "conf/app.yaml": "a: 1"})

safe_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F, blacklist_characters="\\\"$`'"),
                    max_size=30).map(str.strip)
trivia = st.one_of(
    st.just("\n"),
    st.just("   \n"),
    safe_text.map(lambda t: f"# {t}\n"),
    safe_text.map(lambda t: f"    #{t}\n"),
)
space = st.sampled_from([" ", "  ", "\t", " \t "])
key = st.from_regex(r"[A-Z][A-Z0-9_]{0,8}", fullmatch=True)
config = st.one_of(
    st.tuples(key, safe_text, space).map(lambda t: f'LABEL {t[0].lower()}{t[2]}"{t[1]}"\n'),
    st.tuples(key, safe_text).map(lambda t: f'ENV {t[0]}="{t[1]}"\n'),
    st.tuples(key, key).map(lambda t: f"ENV {t[0]}=one \\\n    {t[1]}=two\n"),
    st.integers(1, 65535).map(lambda p: f"EXPOSE {p}\n"),
    st.sampled_from(["STOPSIGNAL SIGTERM\n", "USER 1000\n", 'VOLUME ["/data"]\n', "user 1000:1000\n"]),
)
build = st.sampled_from([
    "RUN go build -o /usr/local/bin/app .\n",
    "RUN  go build -o /usr/local/bin/app .\n",
    "run go build -o /usr/local/bin/app .\n",
    "RUN go mod download \\\n && go build -o /usr/local/bin/app .\n",
    'RUN ["go", "build", "-o", "/usr/local/bin/app", "."]\n',
])
base = st.sampled_from(["golang:1.19-alpine", "golang:1.19", "golang:1.19-bookworm"])
command = st.sampled_from(['CMD ["app"]\n', "CMD app\n", 'ENTRYPOINT ["/usr/local/bin/app"]\n', "cmd [\"app\", \"-v\"]\n"])


@st.composite
def dockerfiles(draw) -> str:
    parts = [draw(st.lists(trivia, max_size=3)), [f"FROM{draw(space)}{draw(base)}\n"]]
    parts.append(draw(st.lists(st.one_of(trivia, config), max_size=4)))
    parts.append(["WORKDIR /src\n", "COPY . .\n"])
    parts.append(draw(st.lists(trivia, max_size=2)))
    parts.append([draw(build)])
    parts.append(draw(st.lists(st.one_of(trivia, config), max_size=4)))
    parts.append([draw(command)])
    parts.append(draw(st.lists(trivia, max_size=2)))
    return "".join(line for group in parts for line in group)


def convert(text: str) -> tuple[bool, str]:
    df = parse(text)
    plan = make_plan(df, FILES)
    return plan.changed, render(df, plan)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_untouched_lines_survive_byte_for_byte(text):
    changed, out = convert(text)
    assert changed
    build_part = out.split("\n\n# stagesplit: runtime stage")[0] + "\n"
    inserted = [ln for ln in build_part.splitlines(keepends=True)]
    # Walk the output: every input line appears, in order, unchanged (the first FROM line
    # gains " AS build"); anything else in the build stage is a line the plan inserted.
    src = text.splitlines(keepends=True)
    i = 0
    extras = []
    for ln in inserted:
        if i < len(src) and (ln == src[i] or (src[i].lstrip().upper().startswith("FROM") and ln == src[i].rstrip("\n") + " AS build\n")):
            i += 1
        else:
            extras.append(ln)
    assert i == len(src), f"input line {i + 1} lost: {src[i]!r}"
    assert all(e.startswith("# stagesplit:") or e == "ENV CGO_ENABLED=0\n" for e in extras), extras


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_conversion_is_idempotent(text):
    _, once = convert(text)
    changed, twice = convert(once)
    assert not changed and twice == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_result_or_one_input_error(text):
    try:
        changed, out = convert(text)
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert changed or out == text
