"""Static front-ends: a site built by a Node tool (`npm run build`: react-scripts, vue-cli,
Angular, Vite, Parcel) and served by a static file server the image starts: nginx, `serve` or
`http-server`. The server is kept as the original had it (the same nginx image and config, the
same global or local package, the same arguments: headers, SPA fallback and routing unchanged);
the runtime stage carries what it serves and nothing else of the project (Launch.carry=False:
such a server reads only its config and the folders it serves).

- Builds: `npm run X`/`yarn X`/`pnpm run X` whose package.json script heuristics/node.py does not
  read (ecosystems are asked in module order: node first): `react-scripts`/`craco`/
  `react-app-rewired build` (build/, or BUILD_PATH from the environment or .env files),
  `vue-cli-service build` (dist/, or --dest; a vue.config.js outputDir is not read), `ng build`
  (angular.json's outputPath), `vite build` with options or an outDir literal in vite.config,
  `parcel build` (dist/, or --dist-dir), type checks (`tsc --noEmit`, a tsconfig with noEmit) and
  the tools node.py knows (tsc, vite build ...), asked of it part by part. Arguments passed on to
  the script (`npm run build -- --outDir x`) leave it unread. The output folder is an artifact
  of kind "site" (contents unknown: a tree; it needs no runtime of its own).
- Copies of a built site: `cp -r build/* DEST`, `cp -r build/. DEST`, `mv build DEST` are the
  site at DEST; an output of node.py's build tools (vite's dist/, but also tsc's) only when DEST
  is a web root (/usr/share/nginx/html, /var/www/html, /usr/share/caddy).
- Removing or renaming the nginx image's own config (`rm /etc/nginx/conf.d/default.conf`) cannot
  be repeated by a runtime stage FROM that image (COPY adds, it never deletes): the folder is
  marked as written with unknown contents, and the nginx launch refuses it.
- Launch: `nginx [-g 'daemon off;'] [-c FILE]` (also the nginx image's own CMD) on an official
  nginx build image: runtime `nginx:<same tag>` (Runtime("nginx", tag)); the config is read with
  crossplane (the official image's nginx.conf and default.conf for files the build did not
  write, includes followed through the image's files): the folders it serves (`root`, `alias`)
  are what the image runs; every file the build wrote under /etc/nginx and /docker-entrypoint.d,
  and the certificates and password files the config names, are copied. A config a RUN wrote
  (its text unknown), a root named by a variable, `-p`, and nginx installed by apt/apk in
  another image (its package would come back with its default site) are refused.
  `serve [-s] [-l ADDR] [-c FILE] [DIR]` (vercel/serve's options) and `http-server [DIR] [opts]`
  (read as minimist reads them: `-g dist` is g=dist), installed globally (heuristics/node.py's
  "global" artifacts: the package folder, npm's bin link made again by the planner) or in the
  project's node_modules (`npx serve`, `node_modules/.bin/serve`): the package, or node_modules,
  and the folder it serves; the runtime is the node image's (from the package's artifact).
  `npx` of a server no install put there (it would download it at each start) is refused.
- Known difference: files of the nginx image's own html folder (index.html, 50x.html) that the
  build removed (`rm -rf /usr/share/nginx/html/*`) are in the runtime stage again unless the
  site has files of the same names (COPY adds, it never deletes).

Example: `FROM nginx:1.25`, `RUN apt-get install -y nodejs npm`, `RUN npm ci && npm run build &&
cp -r dist/* /usr/share/nginx/html/` -> runtime `FROM nginx:1.25` with
/usr/share/nginx/html and the config the file wrote, and `CMD ["nginx", "-g", "daemon off;"]`
stated; `FROM node:18` ... `RUN npm install -g serve`, `CMD ["serve", "-s", "dist"]` -> runtime
`FROM node:18-slim` with /usr/local/lib/node_modules/serve, its link and dist/.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import shlex
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from converter.shell import SimpleCommand, Word

if TYPE_CHECKING:
    from converter.effects import Effect
    from converter.model import Instruction

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, Runtime, RuntimeNeeds, SourceView, base_images, packages
from .node import NODE
from .node import _json as _json  # package.json / tsconfig (comments allowed), read as node.py reads them

# Folders static servers serve from by convention: a built site copied there is the site. Only
# these: a bundler's output and a compiled server (tsc's dist/) are both node.py's "build"
# artifacts, and a server copied to /srv/app must stay node's (it needs Node.js at run time).
WEB_ROOTS = ("/usr/share/nginx/html", "/var/www/html", "/usr/share/caddy")
# The nginx image's own config: a runtime stage FROM that image has it again.
NGINX_CONFIG = ("/etc/nginx", "/docker-entrypoint.d")
SERVERS = frozenset({"serve", "http-server"})

# The official nginx image's config (docker-library/nginx: nginx.conf and conf.d/default.conf),
# for the files a build did not write.
NGINX_DEFAULTS: Mapping[str, str] = {
    "/etc/nginx/nginx.conf": """
user  nginx;
worker_processes  auto;
error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;
events {
    worker_connections  1024;
}
http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /var/log/nginx/access.log  main;
    sendfile        on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
""",
    "/etc/nginx/conf.d/default.conf": """
server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
""",
}
# Debian's and Ubuntu's nginx package (`apt-get install nginx`): its nginx.conf and default site.
DEBIAN_NGINX_DEFAULTS: Mapping[str, str] = {
    "/etc/nginx/nginx.conf": """
user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;
include /etc/nginx/modules-enabled/*.conf;
events {
    worker_connections 768;
}
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log /var/log/nginx/access.log;
    gzip on;
    include /etc/nginx/conf.d/*.conf;
    include /etc/nginx/sites-enabled/*;
}
""",
    "/etc/nginx/sites-available/default": """
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    root /var/www/html;
    index index.html index.htm index.nginx-debian.html;
    server_name _;
    location / {
        try_files $uri $uri/ =404;
    }
}
""",
}
# The package's links: sites-enabled/default -> ../sites-available/default.
DEBIAN_NGINX_LINKS: Mapping[str, str] = {"/etc/nginx/sites-enabled/default": "/etc/nginx/sites-available/default"}
NGINX_PACKAGES = frozenset("nginx nginx-core nginx-light nginx-full nginx-extras".split())
NGINX_BINARY = "/usr/sbin/nginx"
NGINX_PREFIX = "/etc/nginx"
NGINX_HTML = "/usr/share/nginx/html"     # the compiled-in default root (`root html` is relative to the prefix)


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _scripts(sources: SourceView, project: str) -> dict[str, str]:
    pkg = _json(sources, posixpath.join(project, "package.json")) or {}
    scripts = pkg.get("scripts")
    return {k: v for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}


def _script_name(manager: str, args: Sequence[str]) -> str | None:
    """The package.json script `npm run X` / `npm run-script X` / `yarn X` / `pnpm [run] X` runs."""
    if "--" in args and args.index("--") + 1 < len(args):
        return None          # arguments passed on to the script (`-- --outDir x`) may change what it writes
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return None
    if words[0] in ("run", "run-script"):
        return words[1] if len(words) > 1 else None
    if manager in ("yarn", "pnpm") and words[0] not in ("install", "add", "remove", "global", "exec", "dlx", "i", "ci"):
        return words[0]
    return None


def _split_script(body: str) -> list[list[str]] | None:
    """A script's commands joined by `&&`, as words (VAR=value prefixes dropped); None when not plain."""
    out: list[list[str]] = []
    for part in re.split(r"\s*&&\s*", body.strip()):
        if re.search(r"[|;<>`$()]", part):
            return None
        try:
            words = shlex.split(part)
        except ValueError:
            return None
        while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", words[0]):
            words = words[1:]
        if not words:
            return None
        out.append(words)
    return out


def _env_assignments(body: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in re.split(r"\s*&&\s*", body.strip()):
        for m in re.finditer(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=(\S*)", part.split(" -")[0]):
            found[m.group(1)] = m.group(2)
    return found


class _Served(Struct, frozen=True, gc=False):
    """What a static server's arguments say it serves."""

    root: str                            # as written, relative to WORKDIR
    data: tuple[str, ...] = ()           # config/certificate files it reads (relative to WORKDIR)
    refuse: str | None = None


class StaticSite:
    name = "static"
    language = "Node.js"
    # Context files only a front-end build reads (they are compiled into the site). The project's
    # node_modules is the build's: a static server loads none of it (a local server package
    # is named by the launch and copied as node's artifact).
    build_inputs: tuple[str, ...] = (
        "node_modules", "*.jsx", "*.tsx", "*.vue", "*.svelte", "*.scss", "*.sass", "*.less",
        "vite.config.*", "vue.config.*", "angular.json", "svelte.config.*", "webpack.config.*", "babel.config.*",
        ".babelrc", "postcss.config.*", "tailwind.config.*", ".browserslistrc", "craco.config.*",
    )

    # -- commands -----------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        args = list(cmd.args)
        if name in ("npm", "yarn", "pnpm"):
            script = _script_name(name, args)
            if script is None and name == "npm" and args[:1] == ["build"]:
                return None
            return self._run_script(cmd, script, line, sources, 0) if script else None
        if name == "npx" and args:
            rest = [a for a in args if a not in ("--yes", "-y", "--no-install", "--no")]
            return self._tool(cmd, rest, line, sources, 0)
        if name in ("react-scripts", "craco", "react-app-rewired", "vue-cli-service", "ng", "vite", "parcel"):
            return self._tool(cmd, [name, *args], line, sources, 0)
        if name in ("cp", "mv", "rm"):
            return self._nginx_config_change(cmd) or self._into_web_root(cmd, sources, line)
        if name in ("apt-get", "apt"):
            # the package manager's own effect, and nginx's program, which the nginx launch looks for
            eff = packages.command_effect(cmd)
            if eff is not None and any(p.startswith("apt:") and packages.package_name(p) in NGINX_PACKAGES for p in eff.packages):
                return replace(eff, writes=(*eff.writes, NGINX_BINARY))
        return None

    def _artifact(self, cmd: SimpleCommand, line: int, path: str) -> BuiltArtifact:
        return BuiltArtifact(path=path, ecosystem=self.name, kind="site", source_dir=cmd.cwd, build_env=cmd.env,
                             line=line, argv=tuple(w.text for w in cmd.argv))

    def _run_script(self, cmd: SimpleCommand, script: str, line: int, sources: SourceView, depth: int) -> CommandEffect | None:
        scripts = _scripts(sources, cmd.cwd)
        if script not in scripts or depth > 4:
            return None
        trees: list[str] = []
        writes: list[str] = []
        deletes: list[str] = []
        artifacts: list[BuiltArtifact] = []
        for name in (f"pre{script}", script, f"post{script}"):
            if name not in scripts:
                continue
            parts = _split_script(scripts[name])
            if parts is None:
                return None
            env = {**cmd.env, **_env_assignments(scripts[name])}
            for words in parts:
                eff = self._part(replace(cmd, env=env), words, line, sources, depth)
                if eff is None:
                    return None
                trees.extend(eff.trees)
                writes.extend(eff.writes)
                deletes.extend(eff.deletes)
                artifacts.extend(eff.artifacts)
        if not artifacts:
            return None      # nothing this module knows was built: not ours
        return CommandEffect(writes=tuple(writes), trees=tuple(trees), deletes=tuple(deletes), artifacts=tuple(artifacts),
                             note=f"run {script}: the site in {', '.join(a.path for a in artifacts)}")

    def _part(self, cmd: SimpleCommand, words: list[str], line: int, sources: SourceView, depth: int) -> CommandEffect | None:
        tool = posixpath.basename(words[0])
        if tool in ("rimraf", "rm") and all(w in ("-rf", "-r", "-f", "-fr") or not w.startswith("-") for w in words[1:]):
            return CommandEffect(deletes=tuple(_abs(cmd.cwd, w) for w in words[1:] if not w.startswith("-")))
        if tool in ("npm", "yarn", "pnpm"):
            script = _script_name(tool, words[1:])
            sub = self._run_script(cmd, script, line, sources, depth + 1) if script else None
            if sub is not None:
                return sub
        argv = tuple(Word(w) for w in words)
        eff = NODE.command_effect(                 # its build tools (tsc, vite build, next build ...)
            replace(cmd, argv=argv), line, sources)
        if eff is not None:
            return eff
        return self._tool(replace(cmd, argv=argv), words, line, sources, depth)

    def _tool(self, cmd: SimpleCommand, words: list[str], line: int, sources: SourceView, depth: int) -> CommandEffect | None:
        """The output folder of a front-end build tool, or a type check that writes nothing."""
        if not words:
            return None
        tool, rest = posixpath.basename(words[0]), words[1:]
        env = cmd.env
        out: str | None = None
        if tool == "tsc" and ("--noEmit" in rest or self._no_emit(cmd.cwd, rest, sources)):
            return CommandEffect(note="tsc: a type check, nothing emitted")
        if tool in ("react-scripts", "craco", "react-app-rewired") and rest[:1] == ["build"]:
            if any(a.startswith("-") for a in rest[1:]):
                return None
            build_path = env.get("BUILD_PATH") or self._dotenv(cmd.cwd, "BUILD_PATH", sources)
            if build_path is not None and "$" in build_path:
                return None
            out = _abs(cmd.cwd, build_path or "build")
        elif tool == "vue-cli-service" and rest[:1] == ["build"]:
            if "outputDir" in (sources.read(_abs(cmd.cwd, "vue.config.js")) or ""):
                return None
            dest = _flag_value(rest[1:], ("--dest",))
            if dest == "":
                return None
            out = _abs(cmd.cwd, dest or "dist")
        elif tool == "vite" and rest[:1] == ["build"]:
            dest = _flag_value(rest[1:], ("--outDir",)) or self._vite_out_dir(cmd.cwd, sources)
            if not dest or any(a.startswith("-") and not a.startswith("--outDir") for a in rest[1:] if a.split("=")[0] not in _VITE_FLAGS):
                return None          # no outDir: node.py's (dist/); other options: not read
            out = _abs(cmd.cwd, dest)
        elif tool == "parcel" and rest[:1] == ["build"]:
            if sources.read(_abs(cmd.cwd, ".parcelrc")) is not None:
                return None
            dest = _flag_value(rest[1:], ("--dist-dir", "-d"))
            if dest == "" or (dest is None and _flag_value(rest[1:], ("--target",)) is not None):
                return None
            out = _abs(cmd.cwd, dest or "dist")
        elif tool == "ng" and rest[:1] == ["build"]:
            out = self._angular_out(cmd.cwd, rest[1:], sources)
        if out is None:
            return None
        return CommandEffect(trees=(out,), artifacts=(self._artifact(cmd, line, out),), note=f"{tool} build: the site in {out}")

    @staticmethod
    def _no_emit(cwd: str, rest: list[str], sources: SourceView) -> bool:
        """`tsc` / `tsc -b` / `tsc -p X` whose tsconfig says noEmit (Vite's templates: type checks only)."""
        project = _flag_value(rest, ("-p", "--project", "-b", "--build")) or "tsconfig.json"
        path = _abs(cwd, project)
        if not path.endswith(".json"):
            path = posixpath.join(path, "tsconfig.json")
        cfg = _json(sources, path)
        if cfg is None:
            return False
        opts = cfg.get("compilerOptions")
        if isinstance(opts, dict) and opts.get("noEmit"):
            return True
        refs = cfg.get("references")
        if isinstance(refs, list) and refs and not cfg.get("include") and not cfg.get("files"):
            # a solution file: every referenced project must emit nothing either
            for r in refs:
                target = r.get("path") if isinstance(r, dict) else None
                if not isinstance(target, str):
                    return False
                sub = _json(sources, _abs(posixpath.dirname(path), target if target.endswith(".json")
                                                else posixpath.join(target, "tsconfig.json")))
                sub_opts = sub.get("compilerOptions") if isinstance(sub, dict) else None
                if not (isinstance(sub_opts, dict) and sub_opts.get("noEmit")):
                    return False
            return True
        return False

    @staticmethod
    def _vite_out_dir(cwd: str, sources: SourceView) -> str | None:
        """build.outDir of vite.config.*: dist/ when it sets none, the folder when it is one string
        literal (`outDir: 'build'`), None when it is computed."""
        for ext in ("js", "ts", "mjs", "mts", "cjs"):
            path = _abs(cwd, f"vite.config.{ext}")
            text = sources.read(path)
            if text is None:
                if sources.exists(path):
                    return None          # written by a RUN: not read
                continue
            found = re.findall(r"""\boutDir\s*:\s*(?:(['"])([^'"$`]+)\1|(\S))""", text)
            if not found:
                return "dist"
            return found[0][1] if len(found) == 1 and found[0][1] else None
        return "dist"

    @staticmethod
    def _dotenv(cwd: str, key: str, sources: SourceView) -> str | None:
        for name in (".env.production.local", ".env.local", ".env.production", ".env"):
            text = sources.read(_abs(cwd, name)) or ""
            m = re.search(rf"^\s*{key}\s*=\s*['\"]?([^'\"\n]*)", text, re.M)
            if m:
                return m.group(1).strip()
        return None

    @staticmethod
    def _angular_out(cwd: str, rest: list[str], sources: SourceView) -> str | None:
        """angular.json's outputPath of the project `ng build [PROJECT]` builds (the default one)."""
        cfg = _json(sources, _abs(cwd, "angular.json"))
        if cfg is None or any(a.startswith("--output-path") for a in rest):
            return None
        projects = cfg.get("projects")
        if not isinstance(projects, dict):
            return None
        named: list[str] = []
        for i, a in enumerate(rest):
            takes_value = i > 0 and rest[i - 1].startswith("-") and "=" not in rest[i - 1] and rest[i - 1] not in _NG_BOOL
            if not a.startswith("-") and not takes_value:
                named.append(a)
        name = named[0] if named else cfg.get("defaultProject") or (next(iter(projects)) if len(projects) == 1 else None)
        project = projects.get(name) if isinstance(name, str) else None
        try:
            out = project["architect"]["build"]["options"]["outputPath"]   # type: ignore[index]
        except (KeyError, TypeError):
            return None
        if isinstance(out, dict):
            out = out.get("base")
        return _abs(cwd, out) if isinstance(out, str) and "$" not in out else None

    def _nginx_config_change(self, cmd: SimpleCommand) -> CommandEffect | None:
        """`rm`/`mv` of the nginx image's own config files: a runtime stage FROM that image would
        have them again. The folder becomes one with contents the analysis cannot list."""
        name = posixpath.basename(cmd.name)
        if name not in ("rm", "mv"):
            return None
        ops = [_abs(cmd.cwd, a) for a in cmd.args if not a.startswith("-")]
        if name == "mv":
            ops = ops[:-1]
        hit = [p for p in ops if any(p == d or p.startswith(d + "/") for d in NGINX_CONFIG)]
        if not hit:
            return None
        folders = tuple(dict.fromkeys(posixpath.dirname(p) if p not in NGINX_CONFIG else p for p in hit))
        dest = (_abs(cmd.cwd, cmd.args[-1]),) if name == "mv" and cmd.args else ()
        return CommandEffect(deletes=tuple(hit), trees=folders, writes=dest,
                             note=f"{name} of nginx config {', '.join(hit)}: the image's own files change")

    def _into_web_root(self, cmd: SimpleCommand, sources: SourceView, line: int) -> CommandEffect | None:
        """`cp -r dist/* /usr/share/nginx/html/`, `cp -r dist/. ROOT`, `mv dist ROOT`: a built
        site copied into a web root is the site there."""
        name = posixpath.basename(cmd.name)
        if name == "rm":
            return None
        ops = [a for a in cmd.args if not a.startswith("-")]
        if len(ops) < 2 or any(a in ("-t", "--target-directory") for a in cmd.args):
            return None
        dest = _abs(cmd.cwd, ops[-1])
        web_root = any(dest == r or dest.startswith(r + "/") for r in WEB_ROOTS)
        built = sources.built()
        # this module's sites go anywhere; node.py's "build" outputs (a bundle, or a compiled
        # server) only into a web root
        sites = {p for p, a in built.items() if (a.ecosystem == self.name and a.kind == "site")
                 or (web_root and a.kind in ("build", "bundle"))}
        srcs: list[str] = []
        for s in ops[:-1]:
            path = _abs(cmd.cwd, re.sub(r"/(\*|\.)$", "", s)) if s.endswith(("/*", "/.")) else _abs(cmd.cwd, s)
            if not any(path == site or path.startswith(site + "/") for site in sites):
                return None
            srcs.append(path)
        # contents copied into ROOT (dist/*, dist/.) or the folder itself under or as ROOT: the
        # artifact is ROOT, whatever it holds when the build ends (COPY --from takes it all)
        into = dest
        art = self._artifact(cmd, line, into)
        return CommandEffect(reads=tuple(srcs), trees=(into,), deletes=tuple(srcs) if name == "mv" else (),
                             artifacts=(art,), note=f"{name}: the built site in {into}")

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        return ()

    # -- the image's command --------------------------------------------------------------------
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        if not argv:
            return None
        name = posixpath.basename(argv[0])
        if name == "nginx":
            return self._nginx(argv, build_image, files)
        if name in SERVERS:
            return self._server(name, list(argv[1:]), "/" in argv[0], argv[0], files, workdir)
        if name == "npx":
            rest = [a for a in argv[1:] if a not in ("--yes", "-y", "--no-install", "--no")]
            if rest and not rest[0].startswith("-") and re.sub(r"@[^/]*$", "", rest[0]) in SERVERS:
                if "@" in rest[0]:
                    return Launch("npx", refuse=f"the image runs `npx {rest[0]}`: npx resolves that version against the "
                                                "registry at each start (and may download it)")
                return self._server(rest[0], rest[1:], True, "npx", files, workdir)
        return None

    def _server(self, name: str, args: list[str], local: bool, launcher: str, files: SourceView | None,
                workdir: str) -> Launch:
        served = _serve_args(args, workdir, files) if name == "serve" else _http_server_args(args, workdir, files)
        if served.refuse:
            return Launch(name, refuse=served.refuse)
        if files is None:
            return Launch(name, refuse=f"the files the image runs {name} on are not known")
        built = files.built()
        package = None if local else _global_package(name, built)
        if package is not None:
            # npm's bin link PREFIX/bin/NAME -> the package's file: found on PATH where the build
            # made it (on_path), made again in the runtime stage, the package copied whole.
            needs = RuntimeNeeds(libc="glibc", data_refs=_refs(name, served.data), decisions=(
                Decision("static server", f"{name} from {package}", f"the image serves {served.root} with the {name} package "
                                                                    f"`npm install -g` put in {package}; {served.root} is the site"),))
            return Launch(name, paths=(package, served.root), on_path=True, carry=False, needs=needs)
        project = _local_project(name, workdir, built, files)
        if project is None and launcher == "npx":
            package = _global_package(name, built)
            if package is not None:
                # npx runs a package installed globally through its bin link, made again
                link = _bin_link(package, name)
                needs = RuntimeNeeds(libc="glibc", data_refs=_refs(name, served.data), decisions=(
                    Decision("static server", f"{name} from {package}", f"npx finds the {name} package `npm install -g` "
                                                                        f"put in {package} through {link}"),))
                return Launch("npx", paths=(package, link, served.root), carry=False, needs=needs)
        if project is None:
            if launcher == "npx":
                return Launch(name, refuse=f"the image runs npx {name}, which no install in this file put in node_modules "
                                           "or globally: npx would download it at each start")
            return Launch(name, refuse=f"the image runs {launcher}, which no install in this file put in node_modules or "
                                       "globally, and which the build image does not have either")
        nm = posixpath.join(project, "node_modules")
        paths = (nm, served.root)
        needs = RuntimeNeeds(libc="glibc", data_refs=_refs(name, served.data),
                             decisions=(Decision("static server", f"{name} from {nm}",
                                                 f"the image serves {served.root} with the {name} package the install put in "
                                                 f"{nm}: node_modules is copied, {served.root} is the site"),))
        runtime_command = "npx" if launcher == "npx" else "node"
        return Launch(runtime_command, paths=paths, carry=False, needs=needs)

    def _nginx(self, argv: Sequence[str], build_image: str, files: SourceView | None) -> Launch:
        args = list(argv[1:])
        conf = posixpath.join(NGINX_PREFIX, "nginx.conf")
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-g", "-e") and i + 1 < len(args):
                i += 2
                continue
            if a == "-c" and i + 1 < len(args):
                conf = _abs(NGINX_PREFIX, args[i + 1])
                i += 2
                continue
            if a in ("-p",) or a.startswith("-p"):
                return Launch("nginx", refuse="the image runs nginx with -p (another prefix): its relative paths are not followed")
            if a in ("-t", "-T", "-v", "-V", "-s", "-h", "-?") or not a.startswith("-"):
                return Launch("nginx", refuse=f"the image runs `{' '.join(argv)}`, which does not start the nginx server")
            i += 1
        tag = build_image.split("@")[0].partition(":")[2]
        if files is None:
            return Launch("nginx", refuse="the nginx config the image runs with is not known")
        official = official_nginx(build_image)
        family = base_images.describe_build_image(build_image).family
        if not official and not (files.made_by_run(NGINX_BINARY) and family in ("debian", "ubuntu")):
            return Launch("nginx", refuse=f"nginx comes from {build_image} or a package this analysis does not follow "
                                          "(only the nginx image's own, or Debian's and Ubuntu's package installed with "
                                          "apt by this file, are kept)")
        tag = tag or "latest"
        for d in NGINX_CONFIG:
            hidden = files.unlisted_folder(posixpath.join(d, "x")) or (d if files.unlisted_folder(d + "/x/y") == d else None)
            changed = [p for p in files.files_under(d) if files.unlisted_folder(posixpath.join(p, "x")) == p]
            where = hidden or (changed[0] if changed else None)
            if where:
                whose = "the nginx image's own config" if official else "the config of the nginx package"
                again = "a runtime stage FROM that image" if official else "a runtime stage installing the package again"
                return Launch("nginx", refuse=f"the build changed {whose} in {where} in a way {again} cannot repeat (files "
                                              "removed or renamed, or written with contents the analysis cannot list): it "
                                              "would have the removed files again")
        config = _NginxConfig(files, NGINX_DEFAULTS if official else DEBIAN_NGINX_DEFAULTS,
                              {} if official else DEBIAN_NGINX_LINKS, "the image's own" if official else "as the package installs it")
        config.load(conf)
        # Templates: the official entrypoint renders /etc/nginx/templates/*.template into
        # conf.d at each start (envsubst), and entry scripts do the same with their own: what
        # they serve is read from the template's text.
        for p in files.files_under(NGINX_PREFIX):
            if p.endswith(".template") and p not in config.read:
                config.load(p)
        if config.problem:
            return Launch("nginx", refuse=config.problem)
        roots = [r for r in dict.fromkeys(config.roots) if files.exists(r)]
        # sites the build put below a root it serves (cp -r dist ROOT/app): what runs
        roots += [p for p, art in files.built().items() if art.ecosystem == self.name and p not in roots
                  and any(p.startswith(r + "/") for r in roots)]
        data = [p for d in NGINX_CONFIG for p in files.files_under(d) if not files.is_dir(p)]
        data += [p for p in (*config.read, *config.files)
                 if p not in data and files.exists(p) and not any(p.startswith(r + "/") for r in roots)]
        if official:
            said = Decision("nginx", f"nginx:{tag}", f"the build image is nginx:{tag}: the runtime stage starts from the same "
                                                     "image, so the server, its modules, default config and entrypoint stay")
        else:
            said = Decision("nginx", f"{family}'s nginx package", f"the build installed nginx with apt in {build_image}: the "
                                                                  "runtime stage installs the same package on the slim image of "
                                                                  "the same release, then copies the config files the build wrote")
        extra: list[Decision] = []
        if official and NGINX_HTML in roots:
            extra.append(Decision("html folder", NGINX_HTML, "copied onto the image's own (index.html, 50x.html): "
                                                                "files the build removed there are back unless the site "
                                                                "has files of the same names"))
        decisions = [said, *extra,
                     Decision("nginx config", ", ".join(config.read) or "the image's own",
                              "the folders it serves: " + (", ".join(config.roots) or "none"))]
        refs = tuple(DataRef(p, config.where[p], config.how[p]) if p in config.where else DataRef(p, posixpath.dirname(p), "nginx config")
                     for p in data)
        if not official:
            # runs_commands: the OS packages the build installed (nginx) are installed again, on
            # the build image's distribution and release
            needs = RuntimeNeeds(libc="glibc", data_refs=refs, runs_commands=True, decisions=tuple(decisions))
            return Launch("nginx", paths=tuple(roots), carry=False, needs=needs)
        needs = RuntimeNeeds(libc="glibc", data_refs=refs, decisions=tuple(decisions))
        return Launch("nginx", paths=tuple(roots), runtime=Runtime("nginx", tag), carry=False, needs=needs)

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        return RuntimeNeeds(libc="static", decisions=(Decision("static site", artifact.path,
                                                               f"built by `{artifact.command}`: files a server sends as they "
                                                               "are, with no runtime of their own"),))


def already_a_runtime_image(base_ref: str, instructions: Sequence[Instruction], effects: Sequence[Effect]) -> str | None:
    """Why an official nginx image that builds nothing and serves files the file only copies in
    (a config, a site from the context) is already a runtime image; None when it runs something
    else (an ENTRYPOINT, a command that is not nginx: their own reading says what). Said here,
    in the words of what the file does: the command's reading would name the folder nginx
    serves as the program, or the config the file changed."""
    if not official_nginx(base_ref):
        return None
    entry = next((i for i in reversed(instructions) if i.keyword == "ENTRYPOINT"), None)
    cmd = next((i for i in reversed(instructions) if i.keyword == "CMD"), None)
    if entry is not None or (cmd is not None and (not cmd.args or posixpath.basename((cmd.args[0].split() or [""])[0]) != "nginx")):
        return None
    copied = next((e for e in effects if e.instruction.keyword in ("COPY", "ADD")
                   and any(p == r or p.startswith(r + "/") for p, _ in e.writes for r in WEB_ROOTS)), None)
    what = (f"the files line {copied.instruction.start_line} copies in ({copied.instruction.args[-1]})"
            if copied is not None else "what the image holds")
    return (f"{base_ref} is already a runtime image: nginx from the base image serves {what}, "
            "and no command in this file builds anything; there is nothing to split off")


def official_nginx(image: str) -> bool:
    """The Docker Hub nginx image however it is spelt, not someone's image of the same name
    (bitnami/nginx has another layout)."""
    return base_images.official_repository(image) == "nginx"


def _flag_value(args: Sequence[str], names: tuple[str, ...]) -> str | None:
    """The value of the first of NAMES in ARGS (`--dest x`, `--dest=x`); None when absent, ""
    when given without a value."""
    for i, a in enumerate(args):
        for n in names:
            if a == n:
                return args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("-") else ""
            if a.startswith(n + "="):
                return a.split("=", 1)[1]
    return None


# vite build's options that change nothing about where it writes.
_VITE_FLAGS = frozenset("--emptyOutDir --minify --sourcemap --force --logLevel --mode -m --base".split())
# ng build's options that take no value (the next word is then the project).
_NG_BOOL = frozenset("--prod --aot --watch --progress --source-map --stats-json --verbose --named-chunks --vendor-chunk "
                     "--build-optimizer --optimization --extract-licenses --common-chunk --delete-output-path".split())

# serve (vercel/serve 14, the `arg` library): options with a value, boolean ones.
_SERVE_VALUE = frozenset("-l --listen -p --port -c --config --ssl-cert --ssl-key --ssl-pass".split())
_SERVE_BOOL = frozenset("-s --single -d --debug -C --cors -n --no-clipboard -u --no-compression --no-etag -S --symlinks "
                        "--no-port-switching -L --no-request-logging -v --version -h --help".split())


def _serve_args(args: list[str], workdir: str, files: SourceView | None) -> _Served:
    operands: list[str] = []
    data: list[str] = []
    config: str | None = None
    i = 0
    while i < len(args):
        a = args[i]
        flag, eq, value = a.partition("=")
        if a.startswith("-") and flag in _SERVE_VALUE:
            if not eq:
                if i + 1 >= len(args):
                    return _Served(".", refuse=f"serve's {a} has no value")
                value = args[i + 1]
                i += 1
            if flag in ("-c", "--config"):
                config = value
            elif flag.startswith("--ssl-"):
                data.append(value)
        elif a.startswith("-") and len(a) > 2 and not a.startswith("--") and all(f"-{c}" in _SERVE_BOOL for c in a[1:]):
            pass                               # -sC: short flags together
        elif a.startswith("-"):
            if a not in _SERVE_BOOL:
                return _Served(".", refuse=f"the image runs serve with {a}, an option this analysis does not know")
            if a in ("-v", "--version", "-h", "--help"):
                return _Served(".", refuse=f"the image runs `serve {a}`, which does not serve anything")
        else:
            operands.append(a)
        i += 1
    if len(operands) > 1:
        return _Served(".", refuse=f"the image runs serve with {' '.join(operands)}: more than one folder")
    root = operands[0] if operands else "."
    if "$" in root:
        return _Served(".", refuse=f"the image runs serve on {root}, a folder named by a variable")
    if config:
        # serve reads its config relative to the folder it serves (serve.json there by default)
        data.append(posixpath.normpath(posixpath.join(root, config)))
    return _Served(root, tuple(data))


def _http_server_args(args: list[str], workdir: str, files: SourceView | None) -> _Served:
    """http-server parses with minimist and declares no boolean: `--flag word` takes the word."""
    operands: list[str] = []
    data: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-") and a != "-":
            takes = "=" not in a and not re.fullmatch(r"-[A-Za-z]-?\d+", a) and not a.startswith("--no-")
            value = a.split("=", 1)[1] if "=" in a else None
            if takes and i + 1 < len(args) and not args[i + 1].startswith("-"):
                value = args[i + 1]
                i += 1
            flag = a.split("=", 1)[0]
            if flag in ("-C", "--cert", "-K", "--key", "--mimetypes") and value:
                data.append(value)
            if flag in ("-h", "--help", "-v", "--version"):
                return _Served(".", refuse=f"the image runs `http-server {a}`, which does not serve anything")
        else:
            operands.append(a)
        i += 1
    if operands:
        root = operands[0]
    else:
        public = _abs(workdir, "public")
        root = "public" if files is not None and files.exists(public) else "."
    if "$" in root:
        return _Served(".", refuse=f"the image runs http-server on {root}, a folder named by a variable")
    return _Served(root, tuple(data))


def _refs(name: str, data: Sequence[str]) -> tuple[DataRef, ...]:
    return tuple(DataRef(d, f"the {name} command line", f"{name} option") for d in data)


def _global_package(name: str, built: Mapping[str, BuiltArtifact]) -> str | None:
    """The folder `npm install -g NAME` (or `yarn global add NAME`) wrote: node.py's artifact."""
    for path, art in built.items():
        if art.ecosystem != "node" or art.kind != "global":
            continue
        if path.endswith("/node_modules/" + name) or (path.endswith("/yarn/global") and any(
                re.sub(r"(?<=.)@[^/]*$", "", w) == name for w in art.argv[1:])):
            return path
    return None


def _bin_link(package: str, name: str) -> str:
    """Where npm (or yarn) linked the bin NAME of a global package: PREFIX/bin/NAME."""
    prefix = package.split("/lib/node_modules/")[0] if "/lib/node_modules/" in package else "/usr/local"
    return posixpath.join(prefix, "bin", name)


def _local_project(name: str, workdir: str, built: Mapping[str, BuiltArtifact], files: SourceView) -> str | None:
    """The project whose installed node_modules holds NAME (package.json's dependencies or the
    lockfile), at WORKDIR or above it, as npx and node_modules/.bin find it."""
    for art in built.values():
        if art.ecosystem != "node" or art.kind != "packages":
            continue
        project = art.source_dir
        if not (workdir == project or workdir.startswith(project.rstrip("/") + "/")):
            continue
        pkg = _json(files, posixpath.join(project, "package.json")) or {}
        deps = {k for f in ("dependencies", "devDependencies", "optionalDependencies")
                if isinstance(pkg.get(f), dict) for k in pkg[f]}
        lock = _json(files, posixpath.join(project, "package-lock.json")) or {}
        packages = lock.get("packages")
        if name in deps or (isinstance(packages, dict) and f"node_modules/{name}" in packages):
            return project
    return None


class _NginxConfig:
    """The nginx config as the image has it: files the build wrote (their text when read from the
    context), the official image's defaults for the others; includes followed."""

    def __init__(self, files: SourceView, defaults: Mapping[str, str], links: Mapping[str, str], origin: str):
        self.files_view = files
        self.origin = origin                 # whose default files these are ("the image's own")
        self.defaults = defaults
        self.links = links
        self.roots: list[str] = []
        self.files: list[str] = []           # absolute paths its directives name
        self.read: list[str] = []
        self.where: dict[str, str] = {}      # file -> the directive naming it ("/etc/nginx/nginx.conf:33")
        self.how: dict[str, str] = {}        # file -> that directive's name ("include")
        self.problem: str | None = None

    def _text(self, path: str) -> str | None:
        if path in self.links and not self.files_view.exists(path):
            path = self.links[path]
        if self.files_view.exists(path):
            text = self.files_view.read(path)
            if text is None:
                self.problem = (f"{path} is written by a RUN step, so the nginx config (and the folders it serves) "
                                "cannot be read")
            return text
        return self.defaults.get(path)

    def _paths(self, pattern: str) -> list[str]:
        if not any(c in pattern for c in "*?["):
            return [pattern]
        folder = posixpath.dirname(pattern)
        written = [p for p in self.files_view.files_under(folder) if posixpath.dirname(p) == folder]
        known = [p for p in (*self.defaults, *self.links) if posixpath.dirname(p) == folder]
        return sorted(p for p in set(written) | set(known) if fnmatch.fnmatchcase(p, pattern))

    def load(self, path: str, depth: int = 0) -> None:
        if depth > 8 or self.problem:
            return
        text = self._text(path)
        if text is None:
            if self.problem is None and path == posixpath.join(NGINX_PREFIX, "nginx.conf"):
                self.problem = f"the nginx config {path} is not known"
            return
        self.read.append(path)
        parsed = _parse(text, path)
        if parsed is None:
            self.problem = f"the nginx config {path} does not parse (nginx would refuse it, or it uses syntax not read here)"
            return
        for d in parsed:
            if self.problem:
                return
            self._directive(d, path, depth)

    def _directive(self, d: dict, path: str, depth: int) -> None:
        name, args = d.get("directive"), d.get("args") or []
        where = f"{path}:{d.get('line')}" if self.files_view.exists(path) else f"{path} ({self.origin})"
        if name == "include" and args:
            pattern = _abs(NGINX_PREFIX, args[0])
            for p in self._paths(pattern):
                for named in (p, self.links.get(p, p)):     # a package's link: what it points to is read
                    self.where.setdefault(named, where)
                    self.how.setdefault(named, "include")
                if p not in self.files:
                    self.files.append(p)
                self.load(p, depth + 1)
            return
        if name in ("root", "alias") and args:
            if "$" in args[0]:
                self.problem = f"{where}: `{name} {args[0]}` names its folder with a variable"
                return
            root = _abs(NGINX_PREFIX, args[0]) if not args[0].startswith("/") else posixpath.normpath(args[0])
            if args[0] == "html":
                root = NGINX_HTML
            if root not in self.roots:
                self.roots.append(root)
        elif args and name in ("ssl_certificate", "ssl_certificate_key", "ssl_dhparam", "ssl_trusted_certificate",
                               "auth_basic_user_file", "ssl_password_file", "ssl_client_certificate"):
            p = _abs(NGINX_PREFIX, args[0])
            self.where.setdefault(p, where)
            self.how.setdefault(p, name)
            if "$" not in p and p not in self.files:
                self.files.append(p)
        for child in d.get("block") or []:
            self._directive(child, path, depth)


def _parse(text: str, path: str) -> list[dict] | None:
    """The directives of one config file (crossplane, includes not followed: they are read from the
    image's files, not the host's); None when it does not parse."""
    import tempfile

    import crossplane  # type: ignore[import-untyped]  # here: only a file with an nginx config pays for it

    fd, tmp = tempfile.mkstemp(suffix=".conf")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        payload = crossplane.parse(tmp, single=True, check_ctx=False, check_args=False, catch_errors=True, comments=False)
    finally:
        os.unlink(tmp)
    configs = payload.get("config") or [{}]
    if payload.get("errors") or configs[0].get("errors"):
        return None
    return list(configs[0].get("parsed") or [])


ECOSYSTEM = StaticSite()
