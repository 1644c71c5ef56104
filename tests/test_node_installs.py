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
    # pm2 starts server.js with node: its sources are what the app loads (app.js is no process file)
    plan, _ = convert(_app('["pm2-runtime", "app.js"]'), {**FILES, "app.js": "require('ms')\n"})
    assert plan.changed, plan.reason
    assert "sources read" in [d.topic for d in plan.decisions]
    assert "app.js" in next(d.why for d in plan.decisions if d.topic == "sources read")


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
    # pm2 starting `npm start`: the script is followed to the file node runs
    eco_npm = "module.exports = { apps: [{ name: 'web', script: 'npm', args: 'run start:prod' }] }\n"
    pkg = json.dumps({"name": "a", "dependencies": {"ms": "2.1.3"}, "scripts": {"start:prod": "node dist/main.js"}})
    plan, out = convert(_app('["pm2-runtime", "ecosystem.config.js"]'), {**files, "ecosystem.config.js": eco_npm, "package.json": pkg})
    assert plan.changed, plan.reason
    assert "dist/main.js" in next(d.why for d in plan.decisions if d.topic == "sources read")
    pkg = json.dumps({"name": "a", "scripts": {"start:prod": "nodemon dist/main.js"}})
    plan, _ = convert(_app('["pm2-runtime", "ecosystem.config.js"]'), {**files, "ecosystem.config.js": eco_npm, "package.json": pkg})
    assert not plan.changed and "nodemon" in plan.reason
    # a YAML process file, values unquoted
    yml = "apps:\n  - name: api\n    script: dist/main.js\n    exec_mode: fork\n"
    plan, out = convert(_app('["pm2-runtime", "process.yml"]'), {**files, "process.yml": yml})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/process.yml /app/process.yml" in _lines(out)
    assert {"COPY --from=build /app/dist/main.js /app/dist/main.js", "COPY --from=build /app/dist /app/dist"} & set(_lines(out))
    plan, _ = convert(_app('["pm2-runtime", "process.yml"]'), {**files, "process.yml": yml.replace("dist/main.js", "src/main.ts")})
    assert not plan.changed and "src/main.ts" in plan.reason
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
    assert not plan.changed and plan.code == "SS007"
    assert "npm install -g ./tools/cli" in plan.reason and "not a package named from the registry" in plan.reason


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


def test_dev_dependencies_are_pruned_when_the_app_loads_only_production_ones():
    for cmd in ('["node", "server.js"]', '["npm", "start"]', '["npm", "run", "start"]'):
        plan, out = convert(_node_app(cmd), _project())
        assert plan.changed, plan.reason
        build = _build_stage(out)
        assert build.rstrip().endswith("\nRUN npm prune --omit=dev"), cmd
        assert "express" in _decision(plan), cmd
        assert "COPY --from=build /app/node_modules /app/node_modules" in runtime_part(out)
    # lockfile v1 records no peer dependencies: pruned only when the devDependencies are type
    # declarations (never loaded); npm 6 (node 14) prunes with --production
    plan, out = convert(_node_app(base="node:14"), _project(version=1))
    assert plan.changed and "npm prune" not in out and "peer dependencies" in _decision(plan)
    types = {"@types/node": "14.18.63", "@types/express": "4.17.21"}
    pkg = {"name": "p", "dependencies": PROD, "devDependencies": types, "scripts": {"start": "node server.js"}}
    files = {**_project(), "package.json": json.dumps(pkg), "package-lock.json": _lock(PROD, types, 1)}
    plan, out = convert(_node_app(base="node:14"), files)
    assert plan.changed, plan.reason
    assert _build_stage(out).rstrip().endswith("\nRUN npm prune --production")


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


def test_node_options_reach_every_node_the_command_starts():
    env = "ENV NODE_OPTIONS=\"--require ts-node/register\"\n"
    df = _node_app('["npm", "start"]').replace("EXPOSE", env + "EXPOSE")
    plan, _ = convert(df, _project())
    assert not plan.changed and plan.code == "SS023" and "NODE_OPTIONS" in plan.reason and "ts-node/register" in plan.reason
    # a module preloaded before the app is not scanned: node_modules keeps its devDependencies
    df = _node_app().replace("EXPOSE", "ENV NODE_OPTIONS=\"-r ./tracing.js --max-old-space-size=512\"\nEXPOSE")
    plan, out = convert(df, {**_project(), "tracing.js": "require('nodemon')\n"})
    assert plan.changed, plan.reason
    assert "npm prune" not in out and "./tracing.js" in _decision(plan)
    df = _node_app().replace("EXPOSE", "ENV NODE_OPTIONS=--max-old-space-size=512\nEXPOSE")
    plan, out = convert(df, _project())
    assert plan.changed and "RUN npm prune --omit=dev" in out


def test_a_production_package_loading_a_peer_installed_as_dev_dependency_keeps_them():
    prod = {"@nestjs/common": "10.3.0"}
    dev = {"class-validator": "0.14.1", "typescript": "5.4.5"}
    lock = json.loads(_lock(prod, dev))
    lock["packages"]["node_modules/@nestjs/common"]["peerDependencies"] = {"class-validator": "*", "reflect-metadata": "*"}
    pkg = {"name": "p", "dependencies": prod, "devDependencies": dev}
    files = {"package.json": json.dumps(pkg), "package-lock.json": json.dumps(lock),
             "server.js": "const { ValidationPipe } = require('@nestjs/common');\n"}
    plan, out = convert(_node_app(), files)
    assert plan.changed, plan.reason
    assert "npm prune" not in out
    assert "@nestjs/common may load its peer dependency class-validator" in _decision(plan)
    # yarn.lock records no peers: only a project whose devDependencies are type declarations is pruned
    files = {"package.json": json.dumps(pkg), "yarn.lock": '"@nestjs/common@10.3.0":\n  version "10.3.0"\n',
             "server.js": "require('@nestjs/common')\n"}
    df = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\nCMD [\"node\", \"server.js\"]\n"
    plan, out = convert(df, files)
    assert plan.changed and "yarn install --production" not in out
    assert "does not record the packages' peer dependencies" in _decision(plan)


def test_yarn_and_pnpm_projects_whose_dev_dependencies_are_type_declarations_are_pruned():
    pkg = json.dumps({"name": "y", "dependencies": {"ms": "2.1.3"}, "devDependencies": {"@types/node": "18.19.39"}})
    yarn_lock = '"@types/node@18.19.39":\n  version "18.19.39"\n\nms@2.1.3:\n  version "2.1.3"\n'
    pnpm_lock = ("lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      ms:\n        specifier: 2.1.3\n"
                 "        version: 2.1.3\n\npackages:\n\n  ms@2.1.3:\n    resolution: {integrity: sha512-x}\n")
    for install, lock_name, lock, line in (
            ("RUN yarn install --frozen-lockfile", "yarn.lock", yarn_lock,
             "RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline"),
            ("RUN npm i -g pnpm@9.1.0 && pnpm install --frozen-lockfile", "pnpm-lock.yaml", pnpm_lock, "RUN pnpm prune --prod")):
        df = f"FROM node:18\nWORKDIR /app\nCOPY . .\n{install}\nCMD [\"node\", \"server.js\"]\n"
        plan, out = convert(df, {"package.json": pkg, lock_name: lock, "server.js": "require('ms')\n"})
        assert plan.changed, plan.reason
        assert _build_stage(out).rstrip().endswith("\n" + line), lock_name


def test_no_prune_without_dev_dependencies_or_when_the_install_left_them_out():
    files = _project()
    plan, out = convert(_node_app(install="RUN npm ci --omit=dev"), files)
    assert plan.changed and "npm prune" not in out and "not installed" in _decision(plan)
    pkg = json.loads(files["package.json"])
    del pkg["devDependencies"]
    plan, out = convert(_node_app(), {**files, "package.json": json.dumps(pkg)})
    assert plan.changed and "npm prune" not in out and "none" in _decision(plan)


def test_a_prune_runs_only_as_the_user_who_installed():
    # npm ci ran as root; the stage ends as node: a prune as node would fail on root's files
    plan, out = convert(_node_app(user="USER node\n"), _project())
    assert plan.changed, plan.reason
    assert "npm prune" not in out
    assert any(d.topic == "build stage" and "USER node".split()[1] in d.why for d in plan.decisions)


# -- Next.js ------------------------------------------------------------------------------------

NEXT_PKG = json.dumps({"name": "n", "scripts": {"build": "next build", "start": "next start"},
                       "dependencies": {"next": "14.2.15", "react": "18.3.1", "react-dom": "18.3.1"},
                       "devDependencies": {"eslint": "8.57.0"}})
NEXT_LOCK = _lock({"next": "14.2.15", "react": "18.3.1", "react-dom": "18.3.1"}, {"eslint": "8.57.0"})


def _next(cmd: str, config: str, extra: str = "") -> tuple:
    df = (f"FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n{extra}"
          f"EXPOSE 3000\nCMD {cmd}\n")
    files = {"package.json": NEXT_PKG, "package-lock.json": NEXT_LOCK, "next.config.js": config,
             "app/page.js": "export default function P() { return null }\n", "public/logo.svg": "<svg/>"}
    return convert(df, files)


def test_next_standalone_server_runs_from_its_own_folder():
    plan, out = _next('["node", ".next/standalone/server.js"]', "module.exports = {\n  output: 'standalone',\n}\n",
                      extra="RUN cp -r public .next/standalone/ && cp -r .next/static .next/standalone/.next/\n")
    assert plan.changed, plan.reason
    copies = [ln for ln in _lines(out) if ln.startswith("COPY")]
    # the standalone folder holds server.js, its traced node_modules, and the copies the file made
    assert copies == ["COPY --from=build /app/.next/standalone /app/.next/standalone"]
    assert "Next.js standalone" in [d.topic for d in plan.decisions]


def test_next_start_keeps_dot_next_and_node_modules():
    plan, out = _next('["npm", "start"]', "module.exports = { reactStrictMode: true }\n")
    assert plan.changed, plan.reason
    lines = _lines(out)
    assert "COPY --from=build /app/.next /app/.next" in lines
    assert "COPY --from=build /app/node_modules /app/node_modules" in lines
    assert "next start loads the pages" in _decision(plan)      # its compiled pages cannot be scanned: no prune
    # a standalone build started with next start still gets .next whole
    plan, out = _next('["npm", "start"]', "module.exports = { output: 'standalone' }\n")
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/.next /app/.next" in _lines(out)


def test_next_output_set_by_an_expression_is_not_guessed():
    plan, _ = _next('["npm", "start"]', "module.exports = { output: process.env.STANDALONE ? 'standalone' : undefined }\n")
    assert not plan.changed and plan.code == "SS007" and "npm run build" in plan.reason


# -- Prisma, lockfile v1, Yarn 2+, native modules of yarn and pnpm projects -----------------------

def test_prisma_generate_writes_into_node_modules_and_the_engines_get_libssl():
    prod = {"@prisma/client": "5.14.0", "express": "4.19.2"}
    dev = {"prisma": "5.14.0"}
    pkg = {"name": "p", "dependencies": prod, "devDependencies": dev, "scripts": {"build": "prisma generate"}}
    files = {"package.json": json.dumps(pkg), "package-lock.json": _lock(prod, dev), "prisma/schema.prisma": "",
             "server.js": "require('express'); const { PrismaClient } = require('@prisma/client');\n"}
    for gen in ("RUN npx prisma generate", "RUN npm run build"):
        df = _node_app('["sh", "-c", "npx prisma migrate deploy && node server.js"]', install=f"RUN npm ci\nCOPY . .\n{gen}")
        plan, out = convert(df, files)
        assert plan.changed, (gen, plan.reason)
        rt = runtime_part(out)
        assert "apt-get install -y --no-install-recommends libssl3" in rt, gen
        assert "COPY --from=build /app/node_modules /app/node_modules" in rt
        assert "COPY --from=build /app/prisma /app/prisma" in rt
        assert "npm prune" not in out                  # npx prisma runs the CLI, a devDependency


def test_lockfile_v1_is_read_by_name():
    prod = {"bcrypt": "5.1.1", "express": "4.19.2"}
    lock = json.dumps({"lockfileVersion": 1, "dependencies": {n: {"version": v} for n, v in prod.items()}})
    pkg = json.dumps({"name": "p", "dependencies": prod})
    plan, _ = convert(_node_app(), {"package.json": pkg, "package-lock.json": lock, "server.js": "require('express')\n"})
    assert plan.changed, plan.reason
    assert any(d.topic == "native modules" and "bcrypt" in d.choice and "judged by name" in d.why for d in plan.decisions)
    lock = json.dumps({"lockfileVersion": 1, "dependencies": {"express": {"version": "4.19.2", "dependencies": {
        "canvas": {"version": "2.11.2"}}}}})
    plan, _ = convert(_node_app(), {"package.json": pkg, "package-lock.json": lock, "server.js": ""})
    assert not plan.changed and "canvas" in plan.reason


def _yarn_app(files: dict[str, str], cmd: str = '["node", "server.js"]') -> tuple:
    df = (f"FROM node:20-bookworm\nWORKDIR /app\nCOPY . .\nRUN corepack enable && yarn install --immutable\n"
          f"CMD {cmd}\n")
    return convert(df, files)


def test_yarn_berry_with_node_modules_is_followed_and_plug_n_play_is_refused():
    pkg = json.dumps({"name": "y", "packageManager": "yarn@4.1.1", "dependencies": {"express": "4.19.2"}})
    lock = '__metadata:\n  version: 8\n\n"express@npm:4.19.2":\n  version: 4.19.2\n'
    files = {"package.json": pkg, "yarn.lock": lock, "server.js": "require('express')\n",
             ".yarnrc.yml": "nodeLinker: node-modules\nenableGlobalCache: false\n"}
    plan, out = _yarn_app(files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM node:20-bookworm-slim\n")
    assert "COPY --from=build /app/node_modules /app/node_modules" in rt
    assert "/app/.yarn/cache" not in rt                 # the install's zip archives stay in the build stage
    plan, _ = _yarn_app({**files, ".yarnrc.yml": "enableGlobalCache: true\n"})
    assert not plan.changed and "Plug'n'Play" in plan.reason and "nodeLinker: node-modules" in plan.reason


def test_native_modules_of_yarn_and_pnpm_projects():
    pkg = json.dumps({"name": "y", "dependencies": {"argon2": "0.40.1", "fastify": "4.26.0"}})
    files = {"package.json": pkg, "server.js": "require('fastify')\n",
             "yarn.lock": '"argon2@^0.40.1":\n  version "0.40.1"\n\nfastify@4.26.0:\n  version "4.26.0"\n'}
    df = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\nCMD [\"node\", \"server.js\"]\n"
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM node:18-slim\n")     # same glibc and release as the build
    assert any(d.topic == "native modules" and "argon2" in d.choice for d in plan.decisions)
    # pnpm 8 marks install scripts: one not known to be self-contained is refused
    lock = ("lockfileVersion: '6.0'\n\ndependencies:\n  weird-native:\n    specifier: 1.0.0\n    version: 1.0.0\n\n"
            "packages:\n\n  /weird-native@1.0.0:\n    resolution: {integrity: sha512-x}\n    requiresBuild: true\n"
            "    dev: false\n")
    pkg = json.dumps({"name": "p", "dependencies": {"weird-native": "1.0.0"}})
    df = ("FROM node:18\nWORKDIR /app\nRUN npm i -g pnpm@8.15.0\nCOPY . .\nRUN pnpm install --frozen-lockfile\n"
          "CMD [\"node\", \"server.js\"]\n")
    plan, _ = convert(df, {"package.json": pkg, "pnpm-lock.yaml": lock, "server.js": ""})
    assert not plan.changed and "weird-native runs an install script" in plan.reason


def test_a_pinned_older_serve_links_to_the_bin_of_its_own_version():
    # serve 14 ships build/main.js, serve 10-13 bin/serve.js (npm view serve@11 bin): a link to
    # the wrong one would leave the converted image without a server (real-file review)
    df = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n"
          "RUN npm install -g serve@{v}\nCMD [\"serve\", \"-s\", \"public\", \"-l\", \"3000\"]\n")
    files = {"package.json": PKG, "package-lock.json": LOCK, "server.js": "", "public/index.html": "<p>"}
    for version, target in (("11.3.2", "bin/serve.js"), ("^13", "bin/serve.js"), ("14.2.4", "build/main.js")):
        plan, out = convert(df.format(v=version), files)
        assert plan.changed, plan.reason
        assert f"RUN ln -sf ../lib/node_modules/serve/{target} /usr/local/bin/serve" in runtime_part(out)


def test_an_entry_without_its_extension_is_the_file_node_loads():
    # `node src/server` loads src/server.js (real-file review: it was SS014)
    df = "FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD [\"node\", \"src/server\"]\n"
    plan, out = convert(df, {"package.json": PKG, "package-lock.json": LOCK, "src/server.js": "require('ms');\n"})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/src" in runtime_part(out)


def test_a_global_build_tool_stays_in_the_build_unless_the_command_runs_it():
    df = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm install -g typescript@5.4.5\n"
          "COPY . .\n{env}CMD [\"node\", \"server.js\"]\n")
    files = {"package.json": PKG, "package-lock.json": LOCK, "server.js": "require('ms');\n", "tsconfig.json": "{}"}
    plan, out = convert(df.format(env=""), files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "/usr/local/lib/node_modules/typescript" not in runtime and "/usr/local/bin/tsc" not in runtime
    assert "COPY --from=build /app/node_modules /app/node_modules" in runtime
    # a global folder the app loads through NODE_PATH is named there, and copied
    plan, out = convert(df.format(env="ENV NODE_PATH=/usr/local/lib/node_modules\n"), files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/local/lib/node_modules" in runtime_part(out)
