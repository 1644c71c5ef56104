
# --- stagesplit python:3.11-slim stand-in (appended by its recipe) ---
# The real python image installs its own CPython under /usr/local, so pip puts
# packages in /usr/local/lib/python3.11/site-packages, scripts in
# /usr/local/bin, and `pip install --prefix=/install` in
# /install/lib/python3.11/site-packages. Debian's pip would use
# .../local/lib/python3.11/dist-packages instead, which breaks the common
# multi-stage `COPY --from=build /install /usr/local`. Outside a virtualenv,
# make pip (and anything else asking sysconfig) use the upstream layout with
# base /usr/local.
def _stagesplit_upstream_layout():
    import sys
    import sysconfig

    if sys.prefix != sys.base_prefix:  # inside a venv: leave it alone
        return
    debian_get_paths = sysconfig.get_paths
    debian_preferred = sysconfig.get_preferred_scheme

    def get_paths(scheme=None, vars=None, expand=True):
        if scheme in (None, "posix_local"):  # Debian's default scheme
            scheme = "posix_prefix"
        return debian_get_paths(scheme, vars, expand)

    def get_preferred_scheme(key):
        return "posix_prefix" if key == "prefix" else debian_preferred(key)

    sysconfig.get_paths = get_paths
    sysconfig.get_preferred_scheme = get_preferred_scheme
    sysconfig.get_default_scheme = lambda: "posix_prefix"
    config = sysconfig.get_config_vars()
    config["base"] = config["platbase"] = "/usr/local"


_stagesplit_upstream_layout()
del _stagesplit_upstream_layout
