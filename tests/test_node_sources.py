"""The tree-sitter scan of a Node app's sources (heuristics/node_sources): the files it reads and
serves, the programs it runs, the packages it loads; over the image's files as the converter's
walk leaves them (context files readable, a RUN's output not)."""

from __future__ import annotations

import json

import pytest

from converter.context import in_memory
from converter.parse import parse
from converter.plan.analysis import analyse
from heuristics import node_sources
from heuristics.node_sources import launch_needs, required_packages

from .conftest import convert, runtime_part

LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {"version": "4.19.2"}}})
PKG = json.dumps({"name": "shop", "main": "server.js", "dependencies": {"express": "^4.19.2"}})
APP = "FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n{extra}CMD [\"node\", \"{entry}\"]\n"


def _files(ctx: dict[str, str], extra: str = "", entry: str = "server.js", dockerfile: str | None = None):
    text = dockerfile or APP.format(extra=extra, entry=entry)
    a = analyse(parse(text), in_memory({"package.json": PKG, "package-lock.json": LOCK, **ctx}))
    assert a is not None
    return a.provenance.files


def _refs(needs) -> dict[str, str]:
    return {r.pattern: r.how for r in needs.data_refs}


SERVER = """\
const express = require('express');
const path = require('path');
const fs = require('fs');
const config = JSON.parse(fs.readFileSync('/etc/shop/config.json', 'utf8'));
const app = express();
app.use('/assets', express.static(path.join(__dirname, 'public')));
app.set('view engine', 'ejs');
app.get('/api/users', (req, res) => res.json([]));
app.get('/etc/passwd', (req, res) => res.status(404).end());
app.get('/', (req, res) => res.sendFile('index.html', { root: '/srv/site' }));
app.get('/about', (req, res) => res.sendFile(path.resolve(__dirname, '..', 'pages', 'about.html')));
if (req.path === '/var/www/x') {}
const uploads = process.env.UPLOADS || '/var/lib/shop/uploads';
app.listen(config.port || 8080);
"""


def test_an_express_server_reads_its_config_and_serves_its_folders():
    files = _files({"server.js": SERVER})
    needs = launch_needs(["/app/server.js"], "/app", files)
    assert _refs(needs) == {
        "/etc/shop/config.json": "fs.readFileSync",
        "/app/public": "express.static",          # __dirname: the module's folder
        "/srv/site/index.html": "res.sendFile",    # sendFile's root option
        "/pages/about.html": "res.sendFile",
        "/var/lib/shop/uploads": "string literal",  # a default path: an absolute literal
        "views": "express's default views folder",    # a view engine and no views folder: cwd/views
    }
    # routes are not files: '/api/users', '/etc/passwd' given to app.get, a path compared with a request's
    where = {r.pattern: r.where for r in needs.data_refs}
    assert where["/etc/shop/config.json"] == "server.js:4" and where["views"] == "server.js:7"
    assert needs.refuse is None and not needs.commands and not needs.runs_commands
    assert required_packages(["/app/server.js"], "/app", files) == {"express", "ejs"}   # express requires the view engine


def test_views_set_explicitly_and_relative_paths_stay_relative_to_the_working_directory():
    src = ("import express from 'express';\nimport { readFileSync } from 'node:fs';\nconst app = express();\n"
           "app.set('views', './templates');\napp.set('view engine', 'pug');\n"
           "const key = readFileSync('certs/key.pem');\nconst cwd = readFileSync(process.cwd() + '/motd.txt');\n")
    needs = launch_needs(["/app/server.mjs"], "/app", _files({"server.mjs": src}, entry="server.mjs"))
    assert _refs(needs) == {"templates": "app.set", "certs/key.pem": "fs.readFileSync", "/app/motd.txt": "fs.readFileSync"}


def test_local_modules_are_followed_and_their_dirname_is_their_own_folder():
    ctx = {
        "server.js": "const routes = require('./routes');\nconst util = require('./lib/util.cjs');\nrequire('./esm.mjs');\n",
        "routes/index.js": "const fs = require('fs');\nmodule.exports = fs.readdirSync(__dirname + '/../data/' + 'fixtures');\n",
        "lib/util.cjs": "const { readFile } = require('fs').promises;\nreadFile(require('path').join(__dirname, 'words.txt'));\n",
        "esm.mjs": "import { readFile } from 'fs/promises';\nimport helper from './helper.js';\n"
                   "await readFile(new URL('./seed.json', import.meta.url));\n",
        "helper.js": "import fsp from 'node:fs/promises';\nimport { fileURLToPath } from 'node:url';\nimport path from 'node:path';\n"
                     "const __dirname = path.dirname(fileURLToPath(import.meta.url));\n"
                     "export default () => fsp.readFile(path.join(__dirname, 'assets', 'logo.svg'));\n",
    }
    needs = launch_needs(["/app/server.js"], "/app", _files(ctx))
    assert _refs(needs) == {"/app/data/fixtures": "fs.readdirSync", "/app/lib/words.txt": "fs.readFile",
                            "/app/seed.json": "fs.readFile", "/app/assets/logo.svg": "fs.readFile"}
    assert [d for d in needs.decisions if d.topic == "sources read"][0].choice == "5 file(s)"


def test_a_module_outside_the_programs_folder_is_a_file_it_needs():
    dockerfile = ("FROM node:18\nWORKDIR /srv/app\nCOPY package*.json ./\nRUN npm ci\nCOPY shared /srv/shared\nCOPY app/ .\n"
                  "CMD [\"node\", \"server.js\"]\n")
    ctx = {"app/server.js": "const s = require('../shared/settings');\n", "shared/settings.js": "module.exports = {}\n"}
    needs = launch_needs(["/srv/app/server.js"], "/srv/app", _files(ctx, dockerfile=dockerfile))
    assert _refs(needs) == {"/srv/shared/settings.js": "require"}


def test_the_packages_it_loads():
    ctx = {
        "server.js": "const express = require('express');\nconst { Logger } = require('@nestjs/common/services');\n"
                     "const fp = require('lodash/fp');\nconst os = require('node:os');\nconst http = require('http');\n"
                     "require.resolve('pino-pretty');\nrequire('./a');\n",
        "a.js": "import('chalk').then(() => {});\nexport * from 'rxjs';\nexport { x } from './b.js';\n",
        "b.js": "export const x = 1;\n",
    }
    ctx["b.js"] += ("app.use(express.static(require('path').join(__dirname, 'node_modules/bootstrap/dist')));\n"
                    "app.use(express.static('node_modules/@fontsource/inter/files'));\n")
    files = _files(ctx)
    # packages whose files it serves are packages it needs too
    assert required_packages(["/app/server.js"], "/app", files) == {
        "express", "@nestjs/common", "lodash", "pino-pretty", "chalk", "rxjs", "bootstrap", "@fontsource/inter"}


def test_a_computed_module_name_makes_the_package_set_unknown():
    for line in ("const plugin = require(name);\n", "const m = await import(`./locales/${lang}.js`);\n",
                 "require('./missing');\n"):
        files = _files({"server.js": "const express = require('express');\n" + line})
        assert required_packages(["/app/server.js"], "/app", files) is None, line
        assert node_sources.unknown_packages_reason(["/app/server.js"], "/app", files)
    # a package.json script run by the app: its programs are not read
    files = _files({"server.js": "require('child_process').execSync('npm run migrate');\n"})
    assert required_packages(["/app/server.js"], "/app", files) is None
    # a program of node_modules/.bin: its package is not known by that name
    files = _files({"server.js": "require('child_process').spawnSync('node_modules/.bin/knex', ['migrate:latest']);\n"})
    assert required_packages(["/app/server.js"], "/app", files) is None
    # a path the scan computes is a local module, not an unknown one
    files = _files({"server.js": "require(require('path').join(__dirname, 'lib'));\n", "lib.js": "require('ms');\n"})
    assert required_packages(["/app/server.js"], "/app", files) == {"ms"}


TSCONFIG_BASE = '{\n  // shared options\n  "compilerOptions": {"target": "es2020", "module": "commonjs",},\n}\n'
TSCONFIG = ('{\n  "extends": "./tsconfig.base.json",\n  /* the build */\n  "compilerOptions": {"outDir": "./dist", '
            '"baseUrl": ".", "paths": {"@lib/*": ["src/lib/*"]}},\n  "include": ["src/**/*"]\n}\n')
MAIN_TS = """\
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { join } from 'path';
import { readFileSync } from 'fs';
import { AppModule } from './app.module.js';
import { banner } from '@lib/banner';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<any>(AppModule);
  app.useStaticAssets(join(__dirname, '..', 'public'));
  app.setBaseViewsDir(join(__dirname, '..', 'views'));
  const key: string = readFileSync(join(__dirname, '..', 'keys', 'jwt.pem'), 'utf8');
  await app.listen(3000);
}
bootstrap();
"""


def test_compiled_typescript_is_read_from_its_sources_with_dirname_in_the_output_folder():
    ctx = {"tsconfig.base.json": TSCONFIG_BASE, "tsconfig.json": TSCONFIG, "src/main.ts": MAIN_TS,
           "src/app.module.ts": "import { Module } from '@nestjs/common';\nimport { ServeStaticModule } from '@nestjs/serve-static';\n"
                                "@Module({ imports: [ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', 'client') })] })\n"
                                "export class AppModule {}\nimport { join } from 'path';\n",
           "src/lib/banner.ts": "export const banner: string = '/opt/shop/banner.txt';\n"}
    files = _files(ctx, extra="RUN npx tsc\n", entry="dist/main.js")
    assert files.read("/app/dist/main.js") is None           # tsc's output: not readable
    needs = launch_needs(["/app/dist/main.js"], "/app", files)
    assert _refs(needs) == {"/app/public": "app.useStaticAssets", "/app/views": "app.setBaseViewsDir",
                            "/app/keys/jwt.pem": "fs.readFileSync", "/app/client": "ServeStaticModule rootPath",
                            "/opt/shop/banner.txt": "string literal"}
    assert any("src/main.ts" in d.choice for d in needs.decisions)
    # `import type` is erased by tsc; a paths alias is a local module
    assert required_packages(["/app/dist/main.js"], "/app", files) == {"@nestjs/core", "@nestjs/common", "@nestjs/serve-static"}
    # `node dist/main` (no extension) is resolved as node does
    assert _refs(launch_needs(["/app/dist/main"], "/app", files)) == _refs(needs)


def test_a_rootdir_and_tsconfig_build_json_map_the_output_back():
    ctx = {"tsconfig.json": '{"compilerOptions": {"outDir": "build"}}',
           "tsconfig.build.json": '{"extends": "./tsconfig.json", "compilerOptions": {"outDir": "out", "rootDir": "./"}}',
           "src/server.ts": "import * as fs from 'fs';\nfs.readFileSync(`${__dirname}/../../etc/motd`);\n"}
    files = _files(ctx, extra="RUN npx tsc -p tsconfig.build.json\n", entry="out/src/server.js")
    assert _refs(launch_needs(["/app/out/src/server.js"], "/app", files)) == {"/app/etc/motd": "fs.readFileSync"}


def test_a_nest_project_with_tests_excluded_from_the_build():
    ctx = {"tsconfig.json": '{"compilerOptions": {"outDir": "./dist", "baseUrl": "./"}}',
           "tsconfig.build.json": '{"extends": "./tsconfig.json", "exclude": ["node_modules", "test", "dist", "**/*spec.ts"]}',
           "nest-cli.json": '{"sourceRoot": "src"}',
           "src/main.ts": "import { AppModule, views } from './app.module';\nimport { readFileSync, statSync } from 'fs';\n"
                          "readFileSync(__dirname + '/../certs/ca.pem');\nstatSync(`${views}/index.hbs`);\n",
           "src/app.module.ts": "import { Module } from '@nestjs/common';\nimport { join } from 'path';\n"
                                "export const views = join(__dirname, 'templates');\nrequire('fs').readdirSync(views);\n",
           "src/app.controller.spec.ts": "import { Test } from '@nestjs/testing';\n",
           "test/app.e2e-spec.ts": "import * as request from 'supertest';\n"}
    files = _files(ctx, extra="RUN npx nest build\n", entry="dist/main")
    needs = launch_needs(["/app/dist/main"], "/app", files)
    # the output of src/ is dist/ (test/ is excluded), app.module's __dirname is dist/ too
    assert _refs(needs) == {"/app/certs/ca.pem": "fs.readFileSync", "/app/dist/templates": "fs.readdirSync",
                            "/app/dist/templates/index.hbs": "fs.statSync"}    # a value app.module.ts exports
    assert required_packages(["/app/dist/main"], "/app", files) == {"@nestjs/common"}


def test_a_bundle_written_by_a_run_is_not_read_and_says_so():
    files = _files({"src/index.ts": "x"}, extra="RUN npx esbuild src/index.ts --bundle --outfile=dist/bundle.js\n",
                   entry="dist/bundle.js")
    needs = launch_needs(["/app/dist/bundle.js"], "/app", files)
    assert not needs.data_refs and needs.refuse is None
    assert any("not read" in d.choice for d in needs.decisions)
    assert required_packages(["/app/dist/bundle.js"], "/app", files) is None


def test_programs_it_runs():
    src = """\
const { exec, spawn, execFile: run } = require('child_process');
const cp = require('node:child_process');
const util = require('util');
const execAsync = util.promisify(require('child_process').exec);
const Database = require('better-sqlite3');
const db = new Database('/data/shop.db');
db.exec('CREATE TABLE IF NOT EXISTS t (x)');
/^a/.exec('abc');
spawn('ffmpeg', ['-i', 'in.mp4', 'out.webm']);
run('/usr/bin/convert', ['a.png', 'b.jpg']);
cp.execSync('git rev-parse HEAD > /tmp/rev && gzip -9 /tmp/rev');
execAsync(`pdftotext ${file} -`);
exec(command);
spawn('node', ['worker.js']);
cp.exec('npm run migrate');
spawn(process.execPath, ['--max-old-space-size=512', 'jobs/clean.js']);
"""
    files = _files({"server.js": src, "worker.js": "require('sharp');\n", "jobs/clean.js": "require('rimraf');\n"})
    needs = launch_needs(["/app/server.js"], "/app", files)
    # the scripts node runs are read too
    assert {"/app/worker.js", "/app/jobs/clean.js"} <= {r.pattern for r in needs.data_refs}
    assert [d.choice for d in needs.decisions if d.topic == "sources read"] == ["3 file(s)"]
    assert needs.runs_commands and needs.refuse is None
    # node and npm come with the runtime image: not commands to find
    assert set(needs.commands) == {"ffmpeg", "/usr/bin/convert", "git", "gzip", "pdftotext"}
    assert {k: v for k, v in _refs(needs).items() if k.startswith("/data")} == {"/data/shop.db": "new Database"}


@pytest.mark.parametrize("line, words", [
    ("require('child_process').execSync('npm install --omit=dev');", "npm install"),
    ("const { spawnSync } = require('child_process'); spawnSync('tsc', ['-p', '.']);", "compiles TypeScript"),
    ("import { execa } from 'execa'; await execa('npx', ['prisma', 'migrate']);", "downloads and runs a package"),
    ("require('child_process').exec('cd plugins && yarn add left-pad');", "installs packages"),
    ("require('ts-node/register');", "compiles the sources at each start"),
])
def test_compiling_or_installing_at_run_time_is_refused(line, words):
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": line + "\n"}))
    assert needs.refuse is not None and words in needs.refuse and "server.js:1" in needs.refuse


def test_workers_and_forked_scripts_are_read_and_files_it_writes_name_their_folder():
    ctx = {"tsconfig.json": '{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}',
           "src/main.ts": "import { Worker } from 'worker_threads';\nimport { fork } from 'child_process';\nimport { join } from 'path';\n"
                          "new Worker(join(__dirname, 'resize.js'));\nfork('dist/jobs/mailer');\n"
                          "import { createWriteStream } from 'fs';\ncreateWriteStream('/var/log/shop/access.log', { flags: 'a' });\n",
           "src/resize.ts": "import sharp from 'sharp';\n",
           "src/jobs/mailer.ts": "import nodemailer from 'nodemailer';\nrequire('fs').readFileSync('/etc/shop/smtp.json');\n"}
    files = _files(ctx, extra="RUN npx tsc\n", entry="dist/main.js")
    needs = launch_needs(["/app/dist/main.js"], "/app", files)
    assert _refs(needs) == {"/app/dist/resize.js": "new Worker", "/app/dist/jobs/mailer": "child_process.fork",
                            "/var/log/shop/access.log": "fs.createWriteStream", "/etc/shop/smtp.json": "fs.readFileSync"}
    assert needs.runs_commands and not needs.commands
    assert required_packages(["/app/dist/main.js"], "/app", files) == {"sharp", "nodemailer"}


def test_fastify_static_dotenv_and_serve_static():
    src = ("require('dotenv').config();\nconst fastify = require('fastify')();\nconst path = require('path');\n"
           "fastify.register(require('@fastify/static'), { root: [path.join(__dirname, 'public'), '/srv/media'] });\n"
           "const serveStatic = require('serve-static');\nconst koa = require('koa-static');\n"
           "serveStatic('/var/www/html');\nkoa(__dirname + '/assets');\n")
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))
    assert _refs(needs) == {".env": "dotenv.config", "/app/public": "@fastify/static root", "/srv/media": "@fastify/static root",
                            "/var/www/html": "serve-static", "/app/assets": "koa-static"}


@pytest.mark.parametrize("src, expected", [
    ("import { static as serve } from 'express';\nimport { join as j } from 'path';\napp.use(serve(j(__dirname, '..', 'www')));\n",
     {"/www": "express.static"}),
    ("import * as express from 'express';\nimport * as path from 'node:path';\nconst __dirname = import.meta.dirname;\n"
     "app.use(express.static(path.resolve(__dirname, 'static')));\n", {"/app/static": "express.static"}),
    ("app.use(require('express').static(require('path').join(__dirname)));\n", {"/app": "express.static"}),
    ("const root = `${__dirname}/../web`;\napp.get('/', (q, r) => r.sendFile('index.html', { root }));\n",
     {"/web/index.html": "res.sendFile"}),
    ("const fs = require('fs');\nres.end(fs.readFileSync(__dirname + '/index.html'));\n", {"/app/index.html": "fs.readFileSync"}),
    ("const p = require('path');\nconst DATA = p.join(process.cwd(), 'data');\nfs.existsSync(DATA);\n"
     "let v = 'a.txt'; v = 'b.txt';\nfs.readFileSync(v);\nlet w = 'c.txt';\nw += '.bak';\nfs.readFileSync(w);\n",
     {"/app/data": "fs.existsSync"}),     # a variable assigned again is not a constant
])
def test_everyday_idioms(src, expected):
    assert _refs(launch_needs(["/app/server.mjs"], "/app", _files({"server.mjs": src}, entry="server.mjs"))) == expected


def test_a_literal_a_reading_call_uses_is_that_calls_path_unless_used_elsewhere():
    src = ("const fs = require('fs');\nconst path = require('path');\nconst KEYS = process.env.KEYS || '/etc/api/keys';\n"
           "const pub = fs.readFileSync(path.join(KEYS, 'signing.pub'));\n{use}")
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src.format(use="")}))
    assert _refs(needs) == {"/etc/api/keys/signing.pub": "fs.readFileSync"}
    # the folder is also used in a way the scan does not follow: it stays a path of its own
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src.format(use="loadAll(KEYS);\n")}))
    assert _refs(needs) == {"/etc/api/keys/signing.pub": "fs.readFileSync", "/etc/api/keys": "string literal"}


def test_paths_defined_in_another_module_of_the_app():
    ctx = {"server.js": "const fs = require('fs');\nconst paths = require('./config/paths');\nconst { UPLOADS } = require('./config/paths');\n"
                        "import { APP_BASE } from './config/constants';\nimport settings from './config/settings.mjs';\n"
                        "fs.readFileSync(paths.certs + '/ca.pem');\nfs.mkdirSync(UPLOADS);\nfs.existsSync(paths.nested.db);\n"
                        "app.useStaticAssets(APP_BASE.PUBLIC_DIR);\nfs.readFileSync(settings.motd);\n",
           "config/paths.js": "const path = require('path');\nconst root = path.join(__dirname, '..');\n"
                              "module.exports = { certs: '/etc/shop/certs', UPLOADS: path.join(root, 'uploads'),\n"
                              "  nested: { db: `${root}/data/shop.db` } };\n",
           "config/constants.js": "import { join } from 'path';\nexport const APP_BASE = { PUBLIC_DIR: join(__dirname, '..', 'public') };\n",
           "config/settings.mjs": "export default { motd: '/srv/motd.txt' };\n"}
    needs = launch_needs(["/app/server.js"], "/app", _files(ctx))
    refs = _refs(needs)
    assert refs["/etc/shop/certs/ca.pem"] == "fs.readFileSync" and refs["/app/data/shop.db"] == "fs.existsSync"
    assert refs["/app/public"] == "app.useStaticAssets" and refs["/srv/motd.txt"] == "fs.readFileSync"
    # fs.mkdirSync is not a read: UPLOADS is not a file it needs (the folder is made at run time)
    assert "/app/uploads" not in refs


def test_modules_loaded_by_a_computed_name_in_a_known_folder_are_all_read():
    # sequelize-cli's models/index.js: every file of the folder is required by name
    ctx = {"server.js": "const db = require('./models');\nconst lang = process.env.LANG;\n"
                        "const t = require(`./locales/${lang}.js`);\n",
           "models/index.js": "const fs = require('fs');\nconst path = require('path');\nconst Sequelize = require('sequelize');\n"
                              "const config = require(__dirname + '/../config/config.json')[env];\n"
                              "fs.readdirSync(__dirname).forEach(file => { require(path.join(__dirname, file)); });\n",
           "models/user.js": "const bcrypt = require('bcryptjs');\n",
           "models/order.js": "const { v4 } = require('uuid');\n",
           "locales/fr.js": "module.exports = require('dayjs/locale/fr');\n",
           "config/config.json": "{}"}
    ctx["config/config.json"] = json.dumps({"development": {"dialect": "sqlite"}, "production": {"dialect": "postgres"}})
    files = _files(ctx)
    # sequelize requires the drivers its dialect names (config.json, required by models/index.js)
    assert required_packages(["/app/server.js"], "/app", files) == {"sequelize", "bcryptjs", "uuid", "dayjs", "sqlite3", "pg",
                                                                  "pg-hstore"}
    needs = launch_needs(["/app/server.js"], "/app", files)
    assert sum(d.choice.startswith("every module of") for d in needs.decisions) == 2
    # a folder the scan cannot read leaves the set unknown
    files = _files({"server.js": "require(path.join('/opt/plugins', name));\nconst path = require('path');\n"})
    assert required_packages(["/app/server.js"], "/app", files) is None


@pytest.mark.parametrize("src, drivers", [
    ("const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\n", {"knex", "pg"}),
    ("import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'mysql', host: 'db' });\n",
     {"typeorm", "mysql", "mysql2"}),
    ("const { Sequelize } = require('sequelize');\nconst db = new Sequelize('postgres://app@db:5432/shop');\n",
     {"sequelize", "pg", "pg-hstore"}),
    ("const { Sequelize } = require('sequelize');\nconst db = new Sequelize(process.env.DATABASE_URL);\n", None),
    ("import { DataSource } from 'typeorm';\nnew DataSource({ type: process.env.DB_TYPE as any });\n", None),
])
def test_database_drivers_an_orm_loads_by_name(src, drivers):
    files = _files({"server.js": src})
    assert required_packages(["/app/server.js"], "/app", files) == drivers
    if drivers is None:
        assert "database driver" in (node_sources.unknown_packages_reason(["/app/server.js"], "/app", files) or "")


def test_view_and_config_folders_of_common_frameworks():
    src = ("const hbs = require('hbs');\nconst nunjucks = require('nunjucks');\nconst favicon = require('serve-favicon');\n"
           "const { engine } = require('express-handlebars');\n"
           "hbs.registerPartials(__dirname + '/views/partials');\nnunjucks.configure('/srv/templates', { autoescape: true });\n"
           "app.use(favicon('/srv/static/favicon.ico'));\n"
           "app.engine('hbs', engine({ layoutsDir: '/srv/layouts', partialsDir: [__dirname + '/partials'] }));\n"
           "@Module({ imports: [ConfigModule.forRoot({ isGlobal: true })] })\nclass AppModule {}\n"
           "ConfigModule.forRoot({ envFilePath: ['.env.production', '/etc/api/env'] });\n")
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))
    assert _refs(needs) == {"/app/views/partials": "hbs.registerPartials", "/srv/templates": "nunjucks.configure",
                            "/srv/static/favicon.ico": "serve-favicon", "/srv/layouts": "layoutsDir", "/app/partials": "partialsDir",
                            ".env": "ConfigModule.forRoot", ".env.production": "ConfigModule envFilePath",
                            "/etc/api/env": "ConfigModule envFilePath"}


def test_config_packages_file_databases_and_a_changed_working_directory():
    src = ("const config = require('config');\nconst YAML = require('yamljs');\nconst { JSONFile } = require('lowdb/node');\n"
           "const i18n = require('i18n');\ni18n.configure({ locales: ['en'], directory: __dirname + '/locales' });\n"
           "const spec = YAML.load('./openapi.yaml');\nconst db = new JSONFile('/data/db.json');\n")
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))
    assert _refs(needs) == {"config": "node-config", "openapi.yaml": "YAML.load", "/data/db.json": "new JSONFile",
                            "/app/locales": "i18n directory"}
    # process.chdir: relative paths are the new folder's
    src = "process.chdir(require('path').join(__dirname, 'www'));\napp.use(require('express').static('public'));\n"
    assert _refs(launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))) == {"/app/www/public": "express.static"}
    src = "process.chdir(process.env.HOME);\napp.use(require('express').static('public'));\n"
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))
    assert _refs(needs) == {"public": "express.static"} and any(d.topic == "working directory" for d in needs.decisions)


def test_literals_that_are_not_files_stay_out():
    src = ("const urls = ['https://example.com/etc/x', '//cdn.example.com/x.js'];\n"
           "router.post('/var/upload', h);\nrouter.get('/users/:id', h);\n@Get('/etc/info')\nclass C {}\n"
           "const e = <a href=\"/etc/about\">x</a>;\nconst routes = [{ path: '/srv/list', component: L }];\n"
           "const home = '/home';\nconst mime = 'text/html';\nconst s = '/etc/hosts is a file';\nswitch (p) { case '/opt/a': break; }\n"
           "axios.get('/srv/api/items');\n")
    needs = launch_needs(["/app/server.jsx"], "/app", _files({"server.jsx": src}, entry="server.jsx"))
    assert _refs(needs) == {}
    # path.join is no router: its literals stay paths
    src = "const path = require('path');\nconst conf = path.join('/etc/shop', name);\nload(conf);\n"
    assert _refs(launch_needs(["/app/server.js"], "/app", _files({"server.js": src}))) == {"/etc/shop": "string literal"}


def test_an_unparsable_file_is_a_decision_not_a_crash():
    files = _files({"server.js": "const a = require('./broken');\nrequire('fs').readFileSync('/etc/a.conf');\n",
                    "broken.js": "function ( {{{ require('left-pad') \n"})
    needs = launch_needs(["/app/server.js"], "/app", files)
    assert _refs(needs) == {"/etc/a.conf": "fs.readFileSync"}
    assert any("does not parse" in d.why for d in needs.decisions)
    assert required_packages(["/app/server.js"], "/app", files) is None


def test_the_walk_is_bounded(monkeypatch):
    monkeypatch.setattr(node_sources, "MAX_FILES", 5)
    ctx = {f"m{i}.js": f"require('./m{i + 1}');\n" for i in range(20)}
    ctx["server.js"] = "require('./m0');\n"
    files = _files(ctx)
    needs = launch_needs(["/app/server.js"], "/app", files)
    assert any("stops after 5" in d.why for d in needs.decisions)
    assert required_packages(["/app/server.js"], "/app", files) is None
    # a cycle ends, of modules and of the values they export
    files = _files({"server.js": "require('./a');\n", "a.js": "require('./server');\nrequire('ms');\n"})
    assert required_packages(["/app/server.js"], "/app", files) == {"ms"}
    files = _files({"server.js": "const { X } = require('./a');\nrequire('fs').readFileSync(X);\n",
                    "a.js": "const { X } = require('./b');\nmodule.exports = { X };\n",
                    "b.js": "const { X } = require('./a');\nmodule.exports = { X };\n"})
    needs = launch_needs(["/app/server.js"], "/app", files)
    assert not needs.data_refs and needs.refuse is None and [d.choice for d in needs.decisions] == ["3 file(s)"]


def test_a_scan_that_fails_refuses_rather_than_guesses(monkeypatch):
    def broken(self, node):
        raise TypeError("bug")
    monkeypatch.setattr(node_sources._FileScan, "_literal", broken)
    needs = launch_needs(["/app/server.js"], "/app", _files({"server.js": "const a = '/etc/x';\n"}))
    assert needs.refuse == "the source scan of server.js failed (TypeError): the files it reads at run time are not known"


# -- through heuristics/node.py and the planner: the scan's findings reach the runtime stage ------------------


def test_config_copied_outside_the_app_folder_reaches_the_runtime_stage():
    dockerfile = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY config.json /etc/shop/config.json\n"
                  "COPY site /srv/site\nCOPY notes.txt /srv/notes.txt\nRUN mkdir -p /home/node/cache\nCOPY . .\n"
                  "CMD [\"node\", \"server.js\"]\n")
    ctx = {"package.json": PKG, "package-lock.json": LOCK, "server.js": SERVER + "app.get('/home', h);\n",
           "config.json": "{}", "site/index.html": "<p>", "notes.txt": "n"}
    plan, out = convert(dockerfile, ctx)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /etc/shop/config.json /etc/shop/config.json" in rt
    assert "COPY --from=build /srv/site/index.html /srv/site/index.html" in rt
    assert "/home" not in rt                                    # a route is not a folder
    # not named by the sources, but copied in from the context: carried by convention
    assert "copied from the context to /srv/notes.txt" in rt


def test_a_refusal_of_the_scan_is_the_files_reason():
    ctx = {"package.json": PKG, "package-lock.json": LOCK,
           "server.js": "require('child_process').execSync('npm install', { cwd: '/app/plugins' });\n"}
    plan, _ = convert(APP.format(extra="", entry="server.js"), ctx)
    assert not plan.changed and plan.code == "SS010" and "npm install" in plan.reason


def test_a_log_the_app_writes_keeps_the_folder_the_build_made_for_it():
    dockerfile = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nRUN mkdir -p /var/log/shop /var/cache/other\n"
                  "COPY . .\nCMD [\"node\", \"server.js\"]\n")
    ctx = {"package.json": PKG, "package-lock.json": LOCK,
           "server.js": "const fs = require('fs');\nconst log = fs.createWriteStream('/var/log/shop/access.log', { flags: 'a' });\n"}
    plan, out = convert(dockerfile, ctx)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /var/log/shop /var/log/shop" in rt and "/var/cache/other" not in rt


def test_compiled_typescript_started_by_npm_start_keeps_the_file_its_sources_read():
    pkg = json.dumps({"name": "api", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"express": "^4"}})
    dockerfile = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n"
                  "COPY secrets/jwt.pub /etc/api/jwt.pub\nCMD [\"npm\", \"start\"]\n")
    ctx = {"package.json": pkg, "package-lock.json": LOCK, "tsconfig.json": '{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}',
           "secrets/jwt.pub": "k", "src/main.ts": "import { key } from './auth/key';\nconsole.log(key.length);\n",
           "src/auth/key.ts": "import { readFileSync } from 'fs';\nexport const key = readFileSync('/etc/api/jwt.pub', 'utf8');\n"}
    plan, out = convert(dockerfile, ctx)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "# stagesplit: read at run time: fs.readFileSync('/etc/api/jwt.pub') in src/auth/key.ts:2" in rt
    assert "COPY --from=build /etc/api/jwt.pub /etc/api/jwt.pub" in rt
