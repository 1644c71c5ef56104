"""Owners a RUN changed (`chown -R node:node /app`) are not carried by COPY --from: a program
running as that user is left alone with the reason (SS024); one running as root is converted."""

from __future__ import annotations

import json

from .conftest import convert

LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/ms": {"version": "2.1.3"}}})
FILES = {"package.json": json.dumps({"name": "a"}), "package-lock.json": LOCK, "server.js": ""}
DF = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && chown -R node:node /app\n{user}CMD [\"node\", \"server.js\"]\n"


def test_a_program_running_as_the_new_owner_is_left_alone():
    plan, _ = convert(DF.format(user="USER node\n"), FILES)
    assert not plan.changed and plan.code == "SS024"
    assert "chown" in plan.reason and "/app" in plan.reason and "node" in plan.reason


def test_root_needs_no_owner():
    plan, _ = convert(DF.format(user=""), FILES)
    assert plan.changed, plan.reason


def test_a_chown_elsewhere_does_not_matter():
    plan, _ = convert(DF.replace("chown -R node:node /app", "chown -R node /var/cache/unrelated").format(user="USER node\n"), FILES)
    assert plan.changed, plan.reason
