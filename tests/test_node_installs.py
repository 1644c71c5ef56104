"""Node.js installs beyond the project's node_modules: global tools (`npm i -g pm2`, `yarn global
add`), pm2 as the image's command, and the production-only node_modules of the runtime stage."""

from __future__ import annotations

import json

from heuristics.node import NODE

from .conftest import convert, runtime_part

LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/ms": {"version": "2.1.3"}}})
PKG = json.dumps({"name": "a", "dependencies": {"ms": "2.1.3"}, "scripts": {"start": "node server.js"}})
FILES = {"package.json": PKG, "package-lock.json": LOCK, "server.js": "require('ms')\n"}


def _app(cmd: str, install: str = "RUN npm install -g pm2@5.3.1", base: str = "node:18", env: str = "") -> str:
    return (f"FROM {base}\n{env}WORKDIR /app\n{install}\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n"
            f"EXPOSE 3000\nCMD {cmd}\n")


def _lines(text: str) -> list[str]:
    return [ln for ln in runtime_part(text).splitlines() if not ln.startswith("#")]


def test_pm2_runtime_gets_its_package_and_its_bin_link_made_again():
    plan, out = convert(_app('["pm2-runtime", "server.js", "--", "--port", "3000"]'), FILES)
    assert plan.changed, plan.reason
    lines = _lines(out)
    assert lines[0] == "FROM node:18-slim"
    assert "COPY --from=build /usr/local/lib/node_modules/pm2 /usr/local/lib/node_modules/pm2" in lines
    assert "COPY --from=build /app/node_modules /app/node_modules" in lines
    # the bin is a link: COPY would copy the file it points to, whose require('../lib/...') then fails
    assert "RUN ln -sf ../lib/node_modules/pm2/bin/pm2-runtime /usr/local/bin/pm2-runtime" in lines
    assert not any(ln.startswith("COPY") and "/usr/local/bin/" in ln for ln in lines)
    assert lines[-1] == 'CMD ["pm2-runtime", "server.js", "--", "--port", "3000"]'


def test_pm2_runtime_with_an_ecosystem_file_follows_its_script():
    eco = "module.exports = {\n  apps: [{\n    name: 'api',\n    script: './dist/main.js',\n    instances: 2,\n  }],\n};\n"
    files = {**FILES, "ecosystem.config.js": eco, "dist/main.js": ""}
    for cmd in ('["pm2-runtime", "start", "ecosystem.config.js", "--env", "production"]',
                '["pm2-runtime", "ecosystem.config.js"]', '["pm2-docker", "ecosystem.config.js"]'):
        install = "RUN npm install -g pm2@5.3.1" if "docker" not in cmd else "RUN npm install pm2 --global"
        plan, out = convert(_app(cmd, install), files)
        assert plan.changed, (cmd, plan.reason)
        lines = _lines(out)
        assert "COPY --from=build /app/ecosystem.config.js /app/ecosystem.config.js" in lines, cmd
        assert "COPY --from=build /app/dist/main.js /app/dist/main.js" in lines or \
            "COPY --from=build /app/dist /app/dist" in lines, cmd
    # an ecosystem file starting TypeScript through ts-node, or a watcher, is left alone
    for body, words in (("script: 'src/main.ts', interpreter: 'ts-node'", "ts-node"),
                        ("script: 'nodemon', args: 'server.js'", "file watcher")):
        plan, _ = convert(_app('["pm2-runtime", "ecosystem.config.js"]'),
                          {**files, "ecosystem.config.js": "module.exports = {apps: [{" + body + "}]}\n"})
        assert not plan.changed and plan.code == "SS023" and words in plan.reason, body


def test_pm2_start_without_no_daemon_is_not_a_foreground_program():
    plan, _ = convert(_app('["pm2", "start", "server.js"]'), FILES)
    assert not plan.changed and plan.code == "SS023"
    assert "without --no-daemon" in plan.reason and "pm2-runtime" in plan.reason
    plan, out = convert(_app('["pm2", "start", "server.js", "--no-daemon"]'), FILES)
    assert plan.changed, plan.reason
    assert "RUN ln -sf ../lib/node_modules/pm2/bin/pm2 /usr/local/bin/pm2" in _lines(out)
    plan, _ = convert(_app('["pm2-runtime", "server.js", "--watch"]'), FILES)
    assert not plan.changed and "--watch" in plan.reason
    plan, _ = convert(_app('["pm2-runtime", "src/server.ts"]'), FILES)
    assert not plan.changed and "TypeScript source" in plan.reason


def test_yarn_global_add_and_a_prefix_of_its_own():
    plan, out = convert(_app('["pm2-runtime", "server.js"]', install="RUN yarn global add pm2@5.3.1"), FILES)
    assert plan.changed, plan.reason
    lines = _lines(out)
    assert "COPY --from=build /usr/local/share/.config/yarn/global /usr/local/share/.config/yarn/global" in lines
    assert "RUN ln -sf ../share/.config/yarn/global/node_modules/pm2/bin/pm2-runtime /usr/local/bin/pm2-runtime" in lines
    # NPM_CONFIG_PREFIX moves both the package folder and the bins
    env = "ENV NPM_CONFIG_PREFIX=/opt/npm-global PATH=/opt/npm-global/bin:$PATH\n"
    plan, out = convert(_app('["pm2-runtime", "server.js"]', env=env), FILES)
    assert plan.changed, plan.reason
    lines = _lines(out)
    # ENV names the prefix: it is copied whole (a folder's links stay links), no bin is copied as a file
    assert "COPY --from=build /opt/npm-global /opt/npm-global" in lines
    assert not any(ln.startswith("COPY") and "/bin/pm2" in ln for ln in lines)


def test_upgrading_npm_itself_changes_only_the_build():
    df = _app('["node", "server.js"]', install="RUN npm install -g npm@10.8.2 && npm i -g --no-audit corepack")
    plan, out = convert(df, FILES)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "/usr/local/lib/node_modules/npm" not in rt and "ln -sf" not in rt
    assert "COPY --from=build /app/node_modules /app/node_modules" in rt


def test_a_global_install_the_analysis_cannot_name_leaves_the_file_alone():
    plan, _ = convert(_app('["node", "server.js"]', install="RUN npm install -g ./tools/cli"), FILES)
    assert not plan.changed and "npm install -g ./tools/cli" in plan.reason


def test_static_file_servers_are_left_to_the_static_site_rules():
    for argv in (["serve", "-s", "build"], ["http-server", "dist", "-p", "8080"], ["npx", "serve", "-s", "build"],
                 ["npx", "--yes", "http-server@14", "dist"]):
        assert NODE.launches(argv, "node:18") is None, argv
    launch = NODE.launches(["npx", "ts-node", "a.ts"], "node:18")
    assert launch is not None and launch.refuse


# -- production dependencies only ---------------------------------------------------------------

def _lock(prod: dict[str, str], dev: dict[str, str], version: int = 3) -> str:
    if version == 1:
        deps = {n: {"version": v} for n, v in prod.items()} | {n: {"version": v, "dev": True} for n, v in dev.items()}
        return json.dumps({"lockfileVersion": 1, "dependencies": deps})
    packages: dict = {"": {"dependencies": prod, "devDependencies": dev}}
    packages |= {f"node_modules/{n}": {"version": v} for n, v in prod.items()}
    packages |= {f"node_modules/{n}": {"version": v, "dev": True} for n, v in dev.items()}
    return json.dumps({"lockfileVersion": version, "packages": packages})


PROD = {"express": "4.19.2"}
DEV = {"typescript": "5.4.5", "eslint": "8.57.0", "nodemon": "3.1.0"}


def _project(server: str = "const express = require('express');\nexpress().listen(3000);\n", scripts: dict | None = None,
             version: int = 3, **extra: str) -> dict[str, str]:
    pkg = {"name": "p", "dependencies": PROD, "devDependencies": DEV,
           "scripts": scripts or {"start": "node server.js", "dev": "nodemon server.js"}}
    return {"package.json": json.dumps(pkg), "package-lock.json": _lock(PROD, DEV, version), "server.js": server, **extra}


def _node_app(cmd: str = '["node", "server.js"]', install: str = "RUN npm ci", base: str = "node:18", user: str = "") -> str:
    return f"FROM {base}\nWORKDIR /app\nCOPY package*.json ./\n{install}\nCOPY . .\n{user}EXPOSE 3000\nCMD {cmd}\n"


def _build_stage(text: str) -> str:
    return text.split("\n\n# stagesplit: runtime stage")[0]


def _decision(plan, topic: str = "dev dependencies") -> str:
    return next(f"{d.choice}: {d.why}" for d in plan.decisions if d.topic == topic)


def test_dev_dependencies_are_kept_when_a_prune_is_not_proven_safe():
    cases = [
        # the app requires a devDependency
        (_node_app(), _project("require('express'); require('nodemon');\n"), "nodemon, a devDependency"),
        # a computed require: the packages it loads are not known
        (_node_app(), _project("const m = process.env.MOD; require(m);\n"), "not all known"),
        # the start script runs a devDependency's bin
        (_node_app('["npm", "start"]'), _project(scripts={"start": "nodemon server.js"}), ""),
        (_node_app('["npm", "start"]'), _project(scripts={"start": "ts-node-dev x.js && node server.js"}), ""),
    ]
    for df, files, words in cases:
        plan, out = convert(df, files)
        if plan.changed:
            assert "npm prune" not in out, words
            assert words in _decision(plan), words
        else:
            assert plan.code == "SS023", plan.reason


def test_no_prune_without_dev_dependencies_or_when_the_install_left_them_out():
    files = _project()
    plan, out = convert(_node_app(install="RUN npm ci --omit=dev"), files)
    assert plan.changed and "npm prune" not in out and "not installed" in _decision(plan)
    pkg = json.loads(files["package.json"])
    del pkg["devDependencies"]
    plan, out = convert(_node_app(), {**files, "package.json": json.dumps(pkg)})
    assert plan.changed and "npm prune" not in out and "none" in _decision(plan)
