"""Static front-ends: a site built with a Node tool and served by nginx, serve or http-server
keeps its server (the same nginx image and config, the same package and arguments) and the
runtime stage carries the files it serves, not Node.js, npm or the build's node_modules."""

from __future__ import annotations

import json

import pytest

from heuristics.static_site import _http_server_args, _serve_args

from .conftest import convert, runtime_part

VITE_PKG = json.dumps({"name": "notes", "private": True, "scripts": {"dev": "vite", "build": "vite build"},
                       "devDependencies": {"vite": "5.4.11"}})
VITE_LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/vite": {"version": "5.4.11"}}})
VITE = {"package.json": VITE_PKG, "package-lock.json": VITE_LOCK, "index.html": "<div id=app></div>",
        "src/main.js": "document.body.textContent = 'hi'\n"}
SPA_CONF = "server {\n  listen 80;\n  root /usr/share/nginx/html;\n  location / { try_files $uri /index.html; }\n}\n"

CRA_PKG = json.dumps({"name": "shop", "scripts": {"start": "react-scripts start", "build": "react-scripts build"},
                      "dependencies": {"react": "18.2.0", "react-scripts": "5.0.1", "serve": "14.2.1"}})
CRA_LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/serve": {"version": "14.2.1"},
                                                         "node_modules/react-scripts": {"version": "5.0.1"}}})
CRA = {"package.json": CRA_PKG, "package-lock.json": CRA_LOCK, "src/App.jsx": "export default 1\n",
       "src/index.js": "import App from './App'\n", "public/index.html": "<div id=root></div>"}


def _nginx(image: str = "nginx:1.25", deploy: str = "cp -r dist/* /usr/share/nginx/html/", middle: str = "",
           tail: str = "") -> str:
    return (f"FROM {image}\nRUN apt-get update && apt-get install -y nodejs npm\nWORKDIR /app\n"
            f"COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n{middle}RUN npm run build && {deploy}\n"
            f"COPY nginx.conf /etc/nginx/conf.d/default.conf\nEXPOSE 80\n{tail}")


def test_a_site_built_in_the_nginx_image_runs_on_the_same_nginx_with_its_config():
    plan, out = convert(_nginx(), {**VITE, "nginx.conf": SPA_CONF})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM nginx:1.25\n")
    assert "COPY --from=build /usr/share/nginx/html /usr/share/nginx/html" in rt
    assert "COPY --from=build /etc/nginx/conf.d/default.conf /etc/nginx/conf.d/default.conf" in rt
    # nginx's own command, which the original ran (the file sets none)
    assert rt.endswith('CMD ["nginx", "-g", "daemon off;"]\n')
    # Node.js, the packages and the project stay in the build stage: nginx reads none of them
    assert "node_modules" not in rt and "apt-get" not in rt and "nodejs" not in rt and "/app/" not in rt
    assert any(d.topic == "nginx config" and "/usr/share/nginx/html" in d.why for d in plan.decisions)


@pytest.mark.parametrize("image, official", [("docker.io/library/nginx:1.25", True), ("library/nginx:1.25", True),
                                             ("bitnami/nginx:1.25", False)])
def test_the_official_nginx_image_however_it_is_spelt(image, official):
    plan, out = convert(_nginx(image=image), {**VITE, "nginx.conf": SPA_CONF})
    assert plan.changed == official, plan.reason
    if official:   # the same image, spelt as the user spelt Docker Hub (tests/test_hub_spelling.py)
        assert runtime_part(out).startswith(f"FROM {image}\n")


@pytest.mark.parametrize("ref, repository", [
    ("nginx", "nginx"), ("nginx:1.25", "nginx"), ("library/nginx:1.25", "nginx"), ("docker.io/nginx", "nginx"),
    ("docker.io/library/nginx:1.25@sha256:" + "a" * 64, "nginx"), ("bitnami/nginx:1.25", None),
    ("docker.io/bitnami/nginx", None), ("ghcr.io/acme/nginx:1", None), ("localhost:5000/nginx:1", None)])
def test_an_official_image_is_known_however_it_is_spelt(ref, repository):
    from heuristics.base_images import official_repository

    assert official_repository(ref) == repository


@pytest.mark.parametrize("a, b, same", [
    ("nginx", "docker.io/library/nginx:latest", True), ("library/nginx:1.25", "nginx:1.25", True),
    ("nginx:1.25", "nginx:1.25-alpine", False), ("bitnami/nginx", "nginx", False),
    ("ghcr.io/acme/app", "ghcr.io/acme/app:latest", True), ("nginx@sha256:" + "b" * 64, "nginx", False)])
def test_two_spellings_of_one_image_are_one_image(a, b, same):
    from heuristics.base_images import same_image

    assert same_image(a, b) is same


@pytest.mark.parametrize("deploy", ["cp -r dist/. /usr/share/nginx/html", "cp -a dist/* /usr/share/nginx/html/",
                                    "cp -r dist/assets /usr/share/nginx/html/",
                                    "rm -rf /usr/share/nginx/html && mv dist /usr/share/nginx/html"])
def test_the_ways_a_built_site_reaches_the_web_root(deploy):
    plan, out = convert(_nginx(deploy=deploy), {**VITE, "nginx.conf": SPA_CONF})
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/share/nginx/html /usr/share/nginx/html" in runtime_part(out)


def test_a_compiled_server_copied_elsewhere_stays_nodes():
    pkg = json.dumps({"name": "api", "scripts": {"build": "tsc"}, "dependencies": {"express": "4.19.2"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {"version": "4.19.2"}}})
    files = {"package.json": pkg, "package-lock.json": lock, "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}',
             "src/main.ts": "console.log(1)\n"}
    df = ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && cp -r dist /srv/api\n'
          'CMD ["node", "/srv/api/main.js"]\n')
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM node:18-slim\n")       # Node.js stays: it runs the server


def test_a_react_build_copied_to_any_folder_nginx_serves():
    conf = "server {\n  listen 80;\n  root /srv/shop;\n}\n"
    df = _nginx(deploy="cp -r build /srv/shop")
    plan, out = convert(df, {**CRA, "nginx.conf": conf})
    assert plan.changed, plan.reason
    assert "COPY --from=build /srv/shop /srv/shop" in runtime_part(out)


def test_a_site_below_the_root_nginx_serves():
    plan, out = convert(_nginx(deploy="cp -r dist /usr/share/nginx/html/app"), {**VITE, "nginx.conf": SPA_CONF})
    assert plan.changed, plan.reason
    # the folder nginx serves, as the build left it (the site in app/ and the image's own pages)
    assert "COPY --from=build /usr/share/nginx/html /usr/share/nginx/html" in runtime_part(out)


def test_an_alpine_tag_and_an_explicit_command():
    plan, out = convert(_nginx("nginx:1.25-alpine", tail='CMD ["nginx", "-g", "daemon off;"]\n'),
                        {**VITE, "nginx.conf": SPA_CONF})
    rt = runtime_part(out)
    assert rt.startswith("FROM nginx:1.25-alpine\n")
    assert rt.count("CMD ") == 1 and "default command" not in rt


def test_the_folder_the_config_serves_is_what_runs():
    conf = "server {\n  listen 8080;\n  location / { root /var/www/html/shop; try_files $uri /index.html; }\n}\n"
    plan, out = convert(_nginx(deploy="mkdir -p /var/www/html/shop && cp -r dist/. /var/www/html/shop"),
                        {**VITE, "nginx.conf": conf})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /var/www/html/shop /var/www/html/shop" in rt
    # the html folder the image ships is not what this config serves, and the build did not touch it
    assert "/usr/share/nginx/html" not in rt


def test_a_main_config_given_with_c_is_copied_and_read():
    main = ("events {}\nhttp {\n  include /etc/nginx/mime.types;\n  include /app/deploy/site.conf;\n}\n")
    site = "server {\n  listen 8080;\n  root /usr/share/nginx/html;\n}\n"
    df = _nginx(tail='CMD ["nginx", "-c", "/app/deploy/nginx.conf", "-g", "daemon off;"]\n').replace(
        "COPY nginx.conf /etc/nginx/conf.d/default.conf\n", "")
    plan, out = convert(df, {**VITE, "deploy/nginx.conf": main, "deploy/site.conf": site})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /app/deploy/nginx.conf /app/deploy/nginx.conf" in rt
    assert "COPY --from=build /app/deploy/site.conf /app/deploy/site.conf" in rt
    assert "COPY --from=build /usr/share/nginx/html /usr/share/nginx/html" in rt


def test_removing_the_images_own_config_is_left_alone():
    plan, _ = convert(_nginx(middle="RUN rm /etc/nginx/conf.d/default.conf\n"), {**VITE, "nginx.conf": SPA_CONF})
    assert not plan.changed and plan.code == "SS023"
    assert "/etc/nginx/conf.d" in plan.reason and "would have the removed files again" in plan.reason


def test_templates_the_entrypoint_renders_are_read_for_what_they_serve():
    template = "server {\n  listen ${PORT};\n  root /var/www/html/app;\n  location / { try_files $uri /index.html; }\n}\n"
    df = _nginx(deploy="mkdir -p /var/www/html/app && cp -r dist/. /var/www/html/app").replace(
        "COPY nginx.conf /etc/nginx/conf.d/default.conf\n", "COPY site.conf.template /etc/nginx/templates/default.conf.template\n")
    plan, out = convert(df, {**VITE, "site.conf.template": template})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /var/www/html/app /var/www/html/app" in rt
    assert "COPY --from=build /etc/nginx/templates/default.conf.template /etc/nginx/templates/default.conf.template" in rt
    # a root the template names with a variable: which folder is served is decided at start
    plan, _ = convert(df, {**VITE, "site.conf.template": template.replace("/var/www/html/app", "${SITE_ROOT}")})
    assert not plan.changed and "with a variable" in plan.reason


def test_a_config_written_by_a_run_step_cannot_be_read():
    df = _nginx().replace("COPY nginx.conf /etc/nginx/conf.d/default.conf\n",
                          "RUN echo 'server { listen 80; root /opt/site; }' > /etc/nginx/conf.d/default.conf\n")
    plan, _ = convert(df, VITE)
    assert not plan.changed and "written by a RUN step" in plan.reason


def test_a_config_that_does_not_parse_is_left_alone():
    plan, _ = convert(_nginx(), {**VITE, "nginx.conf": "server {\n  listen 80;\n  root /usr/share/nginx/html;\n"})
    assert not plan.changed and "/etc/nginx/conf.d/default.conf does not parse" in plan.reason


def test_a_root_named_by_a_variable_is_left_alone():
    conf = "server {\n  listen 80;\n  root /usr/share/nginx/$host;\n}\n"
    plan, _ = convert(_nginx(), {**VITE, "nginx.conf": conf})
    assert not plan.changed and "with a variable" in plan.reason


def test_nginx_installed_by_apt_is_installed_again_on_the_slim_image_of_the_release():
    df = ("FROM node:18\nRUN apt-get update && apt-get install -y nginx\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm run build && cp -r dist/* /var/www/html/\n{}CMD [\"nginx\", \"-g\", \"daemon off;\"]\n")
    plan, out = convert(df.format("COPY nginx.conf /etc/nginx/conf.d/spa.conf\n"), {**VITE, "nginx.conf": SPA_CONF})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM debian:bookworm-slim\n")
    assert "apt-get install -y --no-install-recommends nginx" in rt
    assert "COPY --from=build /var/www/html /var/www/html" in rt           # the package's default site's root
    assert "COPY --from=build /etc/nginx/conf.d/spa.conf /etc/nginx/conf.d/spa.conf" in rt
    # the package's default site removed: installing the package again would bring it back
    plan, _ = convert(df.format("RUN rm -f /etc/nginx/sites-enabled/default\n"), VITE)
    assert not plan.changed and "installing the package again" in plan.reason


def test_nginx_from_elsewhere_is_left_alone():
    df = ("FROM node:18-alpine\nRUN apk add --no-cache nginx\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm run build && cp -r dist/* /var/www/html/\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")
    plan, _ = convert(df, VITE)
    assert not plan.changed and "nginx comes from node:18-alpine or a package this analysis does not follow" in plan.reason


def test_serve_from_the_projects_node_modules_keeps_node_modules_and_the_build():
    df = ("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n"
          'EXPOSE 3000\nCMD ["npx", "serve", "-s", "build", "-l", "3000"]\n')
    plan, out = convert(df, CRA)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM node:18-slim\n")
    assert "COPY --from=build /app/node_modules /app/node_modules" in rt
    assert "COPY --from=build /app/build /app/build" in rt          # react-scripts build's output
    assert "App.jsx" not in rt and "/app/src" not in rt and "/app/public" not in rt   # sources stay in the build
    assert rt.endswith('CMD ["npx", "serve", "-s", "build", "-l", "3000"]\n')


def test_npx_of_a_server_no_install_put_there_is_refused():
    df = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npx", "http-server", "build"]\n'
    plan, _ = convert(df, CRA)
    assert not plan.changed and plan.code == "SS023" and "npx would download it at each start" in plan.reason
    df = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npx", "serve@latest", "-s", "build"]\n'
    plan, _ = convert(df, CRA)         # serve is in node_modules, but npx asks the registry for "latest"
    assert not plan.changed and plan.code == "SS023" and "resolves that version against the registry" in plan.reason


@pytest.mark.parametrize("install, cmd", [
    ("npm install -g serve", '["serve", "-s", "build"]'),
    ("npm i -g serve@14.2.4", '["npx", "serve", "-s", "build"]'),      # npx finds the global one too
])
def test_a_global_serve_keeps_the_package_and_its_link_and_only_the_site(install, cmd):
    pkg = json.dumps({"name": "shop", "scripts": {"build": "react-scripts build"}, "dependencies": {"react-scripts": "5.0.1"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/react-scripts": {"version": "5.0.1"}}})
    df = (f'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nRUN {install}\nEXPOSE 3000\nCMD {cmd}\n')
    plan, out = convert(df, {**CRA, "package.json": pkg, "package-lock.json": lock})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM node:18-slim\n")
    assert "COPY --from=build /usr/local/lib/node_modules/serve /usr/local/lib/node_modules/serve" in rt
    # npm's bin link is made again: COPY would copy the file it points to, which cannot load serve's modules
    assert "RUN ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve" in rt
    assert "COPY --from=build /usr/local/bin/serve" not in rt
    assert "COPY --from=build /app/build /app/build" in rt
    # serve reads only the folder it serves: no node_modules, no sources, no package.json
    assert "node_modules /app" not in rt and "/app/src" not in rt and "/app/package.json" not in rt


def test_a_static_server_next_to_a_node_app_keeps_the_apps_folder():
    df = ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n'
          'CMD ["sh", "-c", "node server.js & npx serve -s build"]\n')
    plan, out = convert(df, {**CRA, "server.js": "require('http').createServer().listen(8080)\n",
                             "config/app.json": "{}"})
    assert plan.changed, plan.reason
    # the node server may open any file of its folder: the carry rule still applies to it
    assert "/app/config" in runtime_part(out)


@pytest.mark.parametrize("script, out", [
    ("tsc && vite build", "/app/dist"),
    ("vue-cli-service build", "/app/dist"),
    ("vue-cli-service build --dest public_html", "/app/public_html"),
    ("vite build --outDir www", "/app/www"),
    ("react-scripts build", "/app/build"),
    ("BUILD_PATH=./web react-scripts build", "/app/web"),
    ("craco build", "/app/build"),
    ("parcel build index.html", "/app/dist"),
    ("parcel build src/index.html --dist-dir public_html", "/app/public_html"),
    ("vite build --mode production --base=/shop/", "/app/dist"),
])
def test_front_end_build_scripts_name_their_output(script, out):
    pkg = json.dumps({"name": "x", "scripts": {"build": script}, "dependencies": {"serve": "14.2.1"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/serve": {"version": "14.2.1"}}})
    files = {"package.json": pkg, "package-lock.json": lock, "tsconfig.json": '{"compilerOptions": {"noEmit": true}}'}
    folder = out.rsplit("/", 1)[1]
    df = f'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npx", "serve", "-s", "{folder}"]\n'
    plan, text = convert(df, files)
    assert plan.changed, plan.reason
    assert f"COPY --from=build {out} {out}" in runtime_part(text)


def test_vite_outdir_from_its_config():
    pkg = json.dumps({"name": "x", "scripts": {"build": "vite build"}, "dependencies": {"serve": "14.2.1"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/serve": {"version": "14.2.1"}}})
    config = "import { defineConfig } from 'vite'\nexport default defineConfig({ build: { outDir: 'build' } })\n"
    df = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npx", "serve", "-s", "build"]\n'
    plan, text = convert(df, {"package.json": pkg, "package-lock.json": lock, "vite.config.js": config})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/build /app/build" in runtime_part(text)
    # a computed outDir is not read: the build is left alone
    computed = config.replace("'build'", "process.env.OUT")
    plan, _ = convert(df, {"package.json": pkg, "package-lock.json": lock, "vite.config.js": computed})
    assert not plan.changed and plan.code == "SS007"


def test_arguments_passed_on_to_a_build_script_leave_it_unread():
    df = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build -- --outDir /srv/x\nCMD ["npx", "serve", "-s", "build"]\n'
    plan, _ = convert(df, CRA)
    assert not plan.changed and plan.code == "SS007" and "npm run build -- --outDir /srv/x" in plan.reason


def test_angular_output_path():
    angular = json.dumps({"projects": {"shop": {"architect": {"build": {"options": {"outputPath": "dist/shop"}}}}}})
    pkg = json.dumps({"name": "x", "scripts": {"build": "ng build"}, "dependencies": {"http-server": "14.1.1"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/http-server": {}}})
    df = ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build -- \nRUN npx ng build --configuration production\n'
          'CMD ["npx", "http-server", "dist/shop/browser", "-p", "8080"]\n')
    plan, text = convert(df, {"package.json": pkg, "package-lock.json": lock, "angular.json": angular})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/dist/shop /app/dist/shop" in runtime_part(text)


def test_a_build_path_in_dotenv_is_followed():
    pkg = json.dumps({"name": "x", "scripts": {"build": "react-scripts build"}, "dependencies": {"serve": "1"}})
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/serve": {}}})
    df = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npx", "serve", "out"]\n'
    plan, text = convert(df, {"package.json": pkg, "package-lock.json": lock, ".env": "BUILD_PATH=out\n"})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/out /app/out" in runtime_part(text)


def test_serve_arguments():
    assert _serve_args(["-s", "build", "-l", "3000"], "/app", None).root == "build"
    assert _serve_args(["--listen=tcp://0.0.0.0:8080", "-s", "dist"], "/app", None).root == "dist"
    assert _serve_args(["-sC", "-p", "80"], "/app", None).root == "."
    served = _serve_args(["-c", "../serve.json", "site"], "/app", None)
    assert served.root == "site" and served.data == ("serve.json",)     # relative to the folder served
    assert "does not know" in (_serve_args(["--frobnicate", "dist"], "/app", None).refuse or "")
    assert "more than one folder" in (_serve_args(["a", "b"], "/app", None).refuse or "")


def test_http_server_arguments_as_minimist_reads_them():
    assert _http_server_args(["dist", "-p", "8080", "--cors", "-g"], "/app", None).root == "dist"
    # minimist declares no boolean: `-g dist` is g=dist, and the folder is the default one
    assert _http_server_args(["-g", "dist"], "/app", None).root == "."
    assert _http_server_args(["-c-1", "dist"], "/app", None).root == "dist"
    assert _http_server_args(["dist", "-S", "-C", "cert.pem", "-K", "key.pem"], "/app", None).data == ("cert.pem", "key.pem")


# Shapes of public single-stage front-end Dockerfiles (our own text): the server and its
# arguments stay, the runtime stage holds the server package, its link and the built folder.
@pytest.mark.parametrize("df, link, package", [
    ('FROM node:18\nRUN yarn global add http-server\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn\nCOPY . .\n'
     'RUN yarn build\nEXPOSE 8080\nCMD [ "http-server", "dist" ]\n',
     "ln -sf ../share/.config/yarn/global/node_modules/http-server/bin/http-server /usr/local/bin/http-server",
     "/usr/local/share/.config/yarn/global"),
    ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm install -g serve\nCMD serve -s dist -l 3000\n',
     "ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve", "/usr/local/lib/node_modules/serve"),
    ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm install -g serve\nENV PORT=3000\n'
     'CMD ["sh", "-c", "serve -s dist -l $PORT"]\n',
     "ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve", "/usr/local/lib/node_modules/serve"),
    ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm install -g serve\n'
     'ENTRYPOINT ["serve", "-s", "dist"]\nCMD ["-l", "3000"]\n',
     "ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve", "/usr/local/lib/node_modules/serve"),
])
def test_real_world_shapes(df, link, package):
    plan, out = convert(df, {**VITE, "yarn.lock": 'vite@5.4.11:\n  version "5.4.11"\n'})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert f"COPY --from=build {package} {package}" in rt and f"RUN {link}" in rt
    assert "COPY --from=build /app/dist /app/dist" in rt
    assert "/app/node_modules" not in rt and "/app/src" not in rt
    # the command is the original's, word for word
    original_cmd = [ln for ln in df.splitlines() if ln.startswith(("CMD", "ENTRYPOINT"))]
    assert all(ln in rt.splitlines() for ln in original_cmd)


def test_nginx_serving_a_vite_bundle_where_it_was_built_needs_no_node():
    # `root /app/dist;`: nginx serves the bundle in place; no Node.js runs at run time
    import pathlib
    case = pathlib.Path(__file__).resolve().parent.parent / "corpus/static/nginx-vite-spa"
    files = {str(p.relative_to(case)): p.read_text() for p in case.rglob("*") if p.is_file()
             and p.name not in ("case.json", "expected.Dockerfile", "Dockerfile")}
    files["nginx.conf"] = files["nginx.conf"].replace("root   /usr/share/nginx/html;", "root   /app/dist;")
    df = (case / "Dockerfile").read_text().replace("RUN npm run build && cp -r dist/* /usr/share/nginx/html/", "RUN npm run build")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM nginx:1.25\n") or "\nFROM nginx:1.25\n" in runtime
    assert "COPY --from=build /app/dist /app/dist" in runtime
    assert "node_modules" not in runtime
