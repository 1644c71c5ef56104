"""`# stagesplit: ignore` in a Dockerfile leaves it unchanged with SS025, saying where and why."""

from __future__ import annotations

import pytest

from .conftest import convert

BODY = 'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'


@pytest.mark.parametrize("text, line, why", [
    ("# stagesplit: ignore\n" + BODY, 1, ""),
    ("# stagesplit: ignore: rebuilt by the release pipeline\n" + BODY, 1, ": rebuilt by the release pipeline"),
    ("#stagesplit:ignore -- vendored\n" + BODY, 1, ": vendored"),
    ("# StageSplit: IGNORE\n" + BODY, 1, ""),
    (BODY.replace("WORKDIR /src\n", "WORKDIR /src\n   # stagesplit: ignore\n"), 3, ""),
    ("# syntax=docker/dockerfile:1\n" + BODY + "# stagesplit: ignore\n", 7, ""),
    (("# stagesplit: ignore\n" + BODY).replace("\n", "\r\n"), 1, ""),
])
def test_the_comment_leaves_the_file_unchanged(go_app, text, line, why):
    plan, out = convert(text, go_app)
    assert (plan.changed, plan.code) == (False, "SS025") and out == text
    assert plan.reason == f"ignored by the `# stagesplit: ignore` comment on line {line}{why}"


@pytest.mark.parametrize("text", [
    BODY,
    "# stagesplit: ignored files are listed in .dockerignore\n" + BODY,          # another word
    "# stagesplit ignore\n" + BODY,                                             # no colon
    "# do not add stagesplit: ignore here\n" + BODY,                             # not the comment's start
    BODY.replace("RUN go build -o /app .", "RUN go build \\\n# stagesplit: ignore\n  -o /app ."),   # inside an instruction
    BODY.replace("WORKDIR /src", 'LABEL note="# stagesplit: ignore"'),
])
def test_other_text_does_not_ignore(go_app, text):
    plan, _ = convert(text, go_app)
    assert plan.code != "SS025", plan.reason
    assert plan.changed, plan.reason


def test_the_comment_wins_over_every_other_verdict(go_app):
    text = "# stagesplit: ignore\n" + BODY + "FROM alpine:3.20\nCOPY --from=0 /app /app\n"    # else SS001
    plan, out = convert(text, go_app)
    assert (plan.changed, plan.code) == (False, "SS025") and out == text
