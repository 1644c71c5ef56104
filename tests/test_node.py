"""Node.js rules: installs, build scripts, launches, runtime base and native modules."""

from __future__ import annotations

import json

from .conftest import convert, runtime_part

LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/ms": {"version": "2.1.3"}}})
PKG = json.dumps({"name": "a", "scripts": {"build": "tsc", "start": "node dist/index.js"}})
TSCONFIG = '{\n  // comment\n  "compilerOptions": {"outDir": "out",},\n}\n'


def _app(cmd: str, base: str = "node:18", extra: str = "") -> str:
    return (f"FROM {base}\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n{extra}"
            f"CMD {cmd}\n")


def test_tsc_output_folder_from_tsconfig_with_comments():
    plan, out = convert(_app('["node", "out/index.js"]', extra="RUN npm run build\n"),
                        {"package.json": PKG, "package-lock.json": LOCK, "tsconfig.json": TSCONFIG, "src/index.ts": ""})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM node:18-slim\n")
    assert "COPY --from=build /app/out /app/out" in rt and "COPY --from=build /app/node_modules /app/node_modules" in rt


def test_tsc_project_given_as_a_folder_reads_its_tsconfig():
    for project, config in ((".", "tsconfig.json"), ("server", "server/tsconfig.json"), ("server/tsconfig.json", "server/tsconfig.json")):
        pkg = json.dumps({"name": "a", "scripts": {"build": f"tsc -p {project}"}})
        plan, out = convert(_app('["node", "server/out/index.js"]' if "server" in project else '["node", "out/index.js"]',
                                 extra="RUN npm run build\n"),
                            {"package.json": pkg, "package-lock.json": LOCK, config: TSCONFIG, "src/index.ts": ""})
        assert plan.changed, (project, plan.reason)
        folder = "/app/server/out" if "server" in project else "/app/out"
        assert f"COPY --from=build {folder} {folder}" in runtime_part(out), project


def test_alpine_build_stays_on_alpine_and_trixie_tags_follow_the_release():
    files = {"package.json": PKG, "package-lock.json": LOCK, "server.js": ""}
    _, out = convert(_app('["node", "server.js"]', base="node:18-alpine3.19"), files)
    assert runtime_part(out).startswith("FROM node:18-alpine3.19\n")
    _, out = convert(_app('["node", "server.js"]', base="node:22-trixie"), files)
    assert runtime_part(out).startswith("FROM node:22-trixie-slim\n")
    # exact versions are kept, and a tag naming no release gets the slim tag of the same name
    _, out = convert(_app('["node", "server.js"]', base="node:14"), files)
    assert runtime_part(out).startswith("FROM node:14-slim\n")
    _, out = convert(_app('["node", "server.js"]', base="node:20.11.1-bookworm"), files)
    assert runtime_part(out).startswith("FROM node:20.11.1-bookworm-slim\n")


def test_a_tag_without_a_major_version_is_refused():
    plan, _ = convert(_app('["node", "server.js"]', base="node:lts"), {"package.json": PKG, "package-lock.json": LOCK, "server.js": ""})
    assert not plan.changed and "major version" in plan.reason


def test_dev_tools_and_typescript_sources_at_start_are_refused():
    files = {"package.json": PKG, "package-lock.json": LOCK, "a.ts": ""}
    for cmd, words in (('["node", "a.ts"]', "TypeScript source"), ('["nodemon", "a.js"]', "file watcher"),
                       ('["node", "-r", "ts-node/register", "a.js"]', "ts-node/register")):
        plan, _ = convert(_app(cmd), files)
        assert not plan.changed and plan.code == "SS023" and words in plan.reason, cmd


def test_install_without_lockfile_and_unknown_install_scripts_are_refused():
    plan, _ = convert("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"s.js\"]\n",
                      {"package.json": PKG, "s.js": ""})
    assert not plan.changed and "no lockfile" in plan.reason
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/bcrypt": {"hasInstallScript": True}}})
    plan, _ = convert(_app('["node", "s.js"]'), {"package.json": PKG, "package-lock.json": lock, "s.js": ""})
    assert plan.changed, plan.reason                     # bcrypt: self-contained native module
    # a package known to link an OS library gets its runtime package, from the build's release
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/@prisma/client": {}}})
    plan, out = convert(_app('["node", "s.js"]'), {"package.json": PKG, "package-lock.json": lock, "s.js": ""})
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM node:18-bookworm-slim\n") and "libssl3" in runtime_part(out)
    plan, _ = convert(_app('["node", "s.js"]', base="node:16"), {"package.json": PKG, "package-lock.json": lock, "s.js": ""})
    assert not plan.changed and "does not name it" in plan.reason
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/canvas": {"hasInstallScript": True}}})
    plan, _ = convert(_app('["node", "s.js"]'), {"package.json": PKG, "package-lock.json": lock, "s.js": ""})
    assert not plan.changed and "canvas" in plan.reason


def test_an_unknown_build_script_leaves_the_file_alone():
    pkg = json.dumps({"scripts": {"build": "webpack --mode production"}})
    plan, _ = convert(_app('["node", "dist/x.js"]', extra="RUN npm run build\n"), {"package.json": pkg, "package-lock.json": LOCK})
    assert not plan.changed and plan.code == "SS007" and "npm run build" in plan.reason


def test_the_script_npm_runs_is_the_one_judged():
    scripts = {"start": "nest start", "start:prod": "node dist/main.js"}
    files = {"package.json": json.dumps({"name": "a", "scripts": scripts}), "package-lock.json": LOCK, "dist/main.js": ""}
    # `npm start` runs `nest start`, which builds at each start: left alone
    plan, _ = convert(_app('["npm", "start"]'), files)
    assert not plan.changed and plan.code == "SS023" and "`nest start`" in plan.reason
    # `npm run start:prod` runs node on the built file: converted, whatever `start` is
    plan, out = convert(_app('["npm", "run", "start:prod"]'), files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/package.json /app/package.json" in runtime_part(out)
    # a pre-script runs first, with the same judgement
    scripts = {"prestart": "npx ts-node scripts/seed.ts", "start": "node dist/main.js"}
    plan, _ = convert(_app('["npm", "start"]'), {**files, "package.json": json.dumps({"name": "a", "scripts": scripts})})
    assert not plan.changed and "prestart" in plan.reason


def test_os_tools_a_node_app_may_spawn_are_installed_again():
    df = _app('["node", "server.js"]').replace("WORKDIR /app\n", "RUN apt-get update && apt-get install -y ffmpeg fonts-noto-cjk "
                                                                  "build-essential\nWORKDIR /app\n")
    plan, out = convert(df, {"package.json": PKG, "package-lock.json": LOCK, "server.js": ""})
    assert plan.changed, plan.reason
    install = next(line for line in runtime_part(out).splitlines() if "apt-get install" in line)
    assert "ffmpeg" in install and "fonts-noto-cjk" in install and "build-essential" not in install
