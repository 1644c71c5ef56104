"""OS package managers in RUN lines, and which installed packages are build-only.

`BUILD_ONLY` lists packages that only a build needs (compilers, headers, VCS); anything
else a build installs may be needed at run time and is weighed by the planner.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from converter.shell import SimpleCommand

from . import CommandEffect

TOOLCHAIN = frozenset(
    "gcc g++ make cmake musl-dev libc-dev libc6-dev build-base build-essential binutils "
    "pkgconfig pkgconf pkg-config autoconf automake libtool clang llvm lld ninja-build ninja samurai meson".split()
)
# Fetch and VCS tools a build uses; a program that runs other programs might call them too.
BUILD_ONLY = TOOLCHAIN | frozenset("git upx mercurial bzr subversion openssh-client ca-certificates curl wget gnupg".split())

# -dev (build) package -> the runtime package that holds its shared library (Debian, Alpine).
DEV_TO_RUNTIME = {
    "libsqlite3-dev": "libsqlite3-0", "sqlite-dev": "sqlite-libs",
    "libpq-dev": "libpq5", "postgresql-dev": "libpq",
    "libssl-dev": "libssl3", "openssl-dev": "libssl3",
    "zlib1g-dev": "zlib1g", "zlib-dev": "zlib",
    "libcurl4-openssl-dev": "libcurl4", "curl-dev": "libcurl",
    "libxml2-dev": "libxml2", "libsodium-dev": "libsodium23", "libuuid-dev": "libuuid1", "uuid-dev": "libuuid1",
    "libexpat1-dev": "libexpat1", "libevent-dev": "libevent-2.1-7", "libmicrohttpd-dev": "libmicrohttpd12",
    "libjsoncpp-dev": "libjsoncpp25", "libuv1-dev": "libuv1", "libfmt-dev": "libfmt9", "libgmp-dev": "libgmp10",
    "libzstd-dev": "libzstd1", "liblz4-dev": "liblz4-1", "libpng-dev": "libpng16-16", "libhiredis-dev": "libhiredis0.14",
    "libpcre2-dev": "libpcre2-8-0", "libncurses-dev": "libncursesw6", "libreadline-dev": "libreadline8",
    "libmariadb-dev": "libmariadb3", "libyaml-cpp-dev": "libyaml-cpp0.7",
}

_INSTALL_VERBS = {
    "apk": ("add",), "apt-get": ("install",), "apt": ("install",),
    "yum": ("install",), "dnf": ("install",), "microdnf": ("install",),
}
_FAMILY = {"apk": "apk", "apt-get": "apt", "apt": "apt", "yum": "rpm", "dnf": "rpm", "microdnf": "rpm"}
_VALUE_FLAGS = frozenset({"--repository", "-X", "--virtual", "-t", "-o", "--option", "--target-release"})


# Where an administrator puts certificates of their own for the trust-store tools to add
# (Debian/Alpine `update-ca-certificates`, Red Hat's `update-ca-trust`).
_CUSTOM_CERTS = ("/usr/local/share/ca-certificates", "/etc/pki/ca-trust/source/anchors")


def command_effect(cmd: SimpleCommand, exists: Callable[[str], bool] | None = None) -> CommandEffect | None:
    """EXISTS (the image's files the walk wrote so far) tells a trust-store update that adds
    certificates of the file's own from one that only rebuilds the packages' store."""
    name = posixpath.basename(cmd.name)
    if name in ("update-ca-certificates", "update-ca-trust"):
        added = [d for d in _CUSTOM_CERTS if exists is not None and exists(d)]
        if added:
            return CommandEffect(refuse=f"it adds the certificates this file put in {added[0]} to the trust store "
                                        "(/etc/ssl/certs), which a runtime base has without them")
        return CommandEffect(note=f"{name}: the trust store of the packages' certificates (the runtime base has its own)")
    if name not in _INSTALL_VERBS:
        return None
    args = cmd.args
    verb = next((a for a in args if not a.startswith("-")), "")
    family = _FAMILY[name]
    if verb in ("update", "upgrade", "clean", "autoremove", "autoclean", "makecache", "dist-upgrade"):
        return CommandEffect(note=f"{name} {verb}")
    if verb in ("del", "remove", "purge"):
        return CommandEffect(note=f"{name} {verb}")
    if verb not in _INSTALL_VERBS[name]:
        return None
    pkgs: list[str] = []
    skip = False
    seen_verb = False
    for a in args:
        if skip:
            skip = False
            continue
        if a.startswith("-"):
            skip = a in _VALUE_FLAGS
            continue
        if not seen_verb:
            seen_verb = True
            continue
        pkgs.append(a)
    return CommandEffect(packages=tuple(f"{family}:{p}" for p in pkgs), trees=("/usr", "/etc", "/var/lib"),
                         note=f"installs OS packages: {', '.join(pkgs)}")


def package_name(spec: str) -> str:
    """'apk:curl=8.1-r0' -> 'curl'."""
    bare = spec.split(":", 1)[-1]
    for sep in ("=", ">", "<", "~"):
        bare = bare.split(sep, 1)[0]
    return bare


def is_toolchain(spec: str) -> bool:
    """Compilers and headers: no program runs these at run time."""
    n = package_name(spec)
    return n in TOOLCHAIN or n.endswith(("-dev", "-devel", "-doc"))


def is_build_only(spec: str) -> bool:
    n = package_name(spec)
    return n in BUILD_ONLY or n.endswith("-dev") or n.endswith("-devel") or n.endswith("-doc")


# Commands a runtime may call by name (HEALTHCHECK, entry scripts) -> the package holding them.
TOOL_PACKAGES = {
    "apk": {"curl": "curl", "dumb-init": "dumb-init", "wget": "wget", "bash": "bash", "jq": "jq", "tini": "tini", "su-exec": "su-exec",
            "gosu": "gosu", "envsubst": "gettext", "nc": "netcat-openbsd", "tzdata": "tzdata",
            "ca-certificates": "ca-certificates", "git": "git", "openssl": "openssl", "ssh": "openssh-client",
            "unzip": "unzip", "zip": "zip", "rsync": "rsync", "ffmpeg": "ffmpeg", "sqlite3": "sqlite",
            "psql": "postgresql-client", "pg_dump": "postgresql-client", "pg_isready": "postgresql-client",
            "pg_restore": "postgresql-client", "mysql": "mariadb-client", "mysqladmin": "mariadb-client", "redis-cli": "redis", "gpg": "gnupg",
            **{t: "imagemagick" for t in ("convert", "identify", "mogrify", "magick", "composite", "montage")},
            "gm": "graphicsmagick", "gs": "ghostscript", "tesseract": "tesseract-ocr", "qpdf": "qpdf",
            **{t: "poppler-utils" for t in ("pdftotext", "pdftoppm", "pdfinfo", "pdftocairo", "pdfunite")},
            "exiftool": "exiftool", "pandoc": "pandoc", "soffice": "libreoffice", "libreoffice": "libreoffice",
            "chromium": "chromium", "chromium-browser": "chromium", "wkhtmltopdf": "wkhtmltopdf", "dot": "graphviz",
            "lame": "lame", "sox": "sox", "vips": "vips-tools", "cwebp": "libwebp-tools"},
    "apt": {"curl": "curl", "dumb-init": "dumb-init", "wget": "wget", "bash": "bash", "jq": "jq", "tini": "tini", "gosu": "gosu",
            "envsubst": "gettext-base", "nc": "netcat-openbsd", "tzdata": "tzdata",
            "ca-certificates": "ca-certificates", "git": "git", "openssl": "openssl", "ssh": "openssh-client",
            "unzip": "unzip", "zip": "zip", "rsync": "rsync", "ffmpeg": "ffmpeg", "sqlite3": "sqlite3",
            "psql": "postgresql-client", "pg_dump": "postgresql-client", "pg_isready": "postgresql-client",
            "pg_restore": "postgresql-client", "mysql": "mariadb-client", "mysqladmin": "mariadb-client", "redis-cli": "redis-tools", "gpg": "gnupg",
            **{t: "imagemagick" for t in ("convert", "identify", "mogrify", "composite", "montage")},
            "gm": "graphicsmagick", "gs": "ghostscript", "tesseract": "tesseract-ocr", "qpdf": "qpdf",
            **{t: "poppler-utils" for t in ("pdftotext", "pdftoppm", "pdfinfo", "pdftocairo", "pdfunite")},
            "exiftool": "libimage-exiftool-perl", "pandoc": "pandoc", "soffice": "libreoffice-core",
            "libreoffice": "libreoffice-core", "chromium": "chromium", "wkhtmltopdf": "wkhtmltopdf", "dot": "graphviz",
            "lame": "lame", "sox": "sox", "vips": "libvips-tools", "cwebp": "webp"},
}


# Shared libraries a program links (short names, as in `-lNAME`) -> the runtime package that
# holds them, per package manager; Debian/Ubuntu names change with the release (the 64-bit
# time_t transition added `t64` in trixie and noble), so apt rows map release -> name, with
# "*" for every release. Parts of the C library itself need no package (LIBC_PARTS).
LIBC_PARTS = frozenset("c m pthread dl rt util resolv anl".split())
RUNTIME_LIBRARIES: dict[str, dict[str, dict[str, str] | str]] = {
    "ssl": {"apt": {"bullseye": "libssl1.1", "focal": "libssl1.1", "bookworm": "libssl3", "jammy": "libssl3",
                    "trixie": "libssl3t64", "noble": "libssl3t64"}, "apk": "libssl3"},
    "crypto": {"apt": {"bullseye": "libssl1.1", "focal": "libssl1.1", "bookworm": "libssl3", "jammy": "libssl3",
                       "trixie": "libssl3t64", "noble": "libssl3t64"}, "apk": "libcrypto3"},
    "z": {"apt": {"*": "zlib1g"}, "apk": "zlib"},
    "sqlite3": {"apt": {"*": "libsqlite3-0"}, "apk": "sqlite-libs"},
    "pq": {"apt": {"*": "libpq5"}, "apk": "libpq"},
    "curl": {"apt": {"bullseye": "libcurl4", "focal": "libcurl4", "bookworm": "libcurl4", "jammy": "libcurl4",
                     "trixie": "libcurl4t64", "noble": "libcurl4t64"}, "apk": "libcurl"},
    "stdc++": {"apt": {"*": "libstdc++6"}, "apk": "libstdc++"},
    "gcc_s": {"apt": {"*": "libgcc-s1"}, "apk": "libgcc"},
    "xml2": {"apt": {"*": "libxml2"}, "apk": "libxml2"},
    "uuid": {"apt": {"*": "libuuid1"}, "apk": "libuuid"},
    "expat": {"apt": {"*": "libexpat1"}, "apk": "libexpat"},
    "sodium": {"apt": {"*": "libsodium23"}, "apk": "libsodium"},
    "lzma": {"apt": {"*": "liblzma5"}, "apk": "xz-libs"},
    "bz2": {"apt": {"*": "libbz2-1.0"}, "apk": "libbz2"},
    "zstd": {"apt": {"*": "libzstd1"}, "apk": "zstd-libs"},
    "pcre2-8": {"apt": {"*": "libpcre2-8-0"}, "apk": "pcre2"},
    "gmp": {"apt": {"*": "libgmp10"}, "apk": "gmp"},
    "png16": {"apt": {"bullseye": "libpng16-16", "focal": "libpng16-16", "bookworm": "libpng16-16", "jammy": "libpng16-16",
                      "trixie": "libpng16-16t64", "noble": "libpng16-16t64"}, "apk": "libpng"},
    "event": {"apt": {"bullseye": "libevent-2.1-7", "focal": "libevent-2.1-7", "bookworm": "libevent-2.1-7",
                      "jammy": "libevent-2.1-7", "trixie": "libevent-2.1-7t64", "noble": "libevent-2.1-7t64"}, "apk": "libevent"},
    "microhttpd": {"apt": {"bullseye": "libmicrohttpd12", "focal": "libmicrohttpd12", "bookworm": "libmicrohttpd12",
                           "jammy": "libmicrohttpd12", "trixie": "libmicrohttpd12t64", "noble": "libmicrohttpd12t64"},
                   "apk": "libmicrohttpd"},
    "uv": {"apt": {"*": "libuv1", "trixie": "libuv1t64", "noble": "libuv1t64"}, "apk": "libuv"},
    "jsoncpp": {"apt": {"bullseye": "libjsoncpp24", "focal": "libjsoncpp1", "bookworm": "libjsoncpp25", "jammy": "libjsoncpp25",
                        "trixie": "libjsoncpp26", "noble": "libjsoncpp25"}, "apk": "jsoncpp"},
    "fmt": {"apt": {"bullseye": "libfmt7", "bookworm": "libfmt9", "jammy": "libfmt8",
                    "trixie": "libfmt10", "noble": "libfmt9"}, "apk": "fmt"},
    "lz4": {"apt": {"*": "liblz4-1"}, "apk": "lz4-libs"},
    "hiredis": {"apt": {"bullseye": "libhiredis0.14", "bookworm": "libhiredis0.14", "trixie": "libhiredis1.1.0",
                        "jammy": "libhiredis0.14", "noble": "libhiredis1.1.0"}, "apk": "hiredis"},
    "ncursesw": {"apt": {"*": "libncursesw6"}, "apk": "ncurses-libs"},
    "ncurses": {"apt": {"*": "libncurses6"}, "apk": "ncurses-libs"},
    "tinfo": {"apt": {"*": "libtinfo6"}, "apk": "ncurses-libs"},
    "readline": {"apt": {"*": "libreadline8", "trixie": "libreadline8t64", "noble": "libreadline8t64"}, "apk": "readline"},
    "mariadb": {"apt": {"*": "libmariadb3"}, "apk": "mariadb-connector-c"},
    "mysqlclient": {"apt": {"*": "libmariadb3"}, "apk": "mariadb-connector-c"},
    "ffi": {"apt": {"bullseye": "libffi7", "focal": "libffi7", "*": "libffi8"}, "apk": "libffi"},
    "pcre": {"apt": {"*": "libpcre3"}, "apk": "pcre"},
    "yaml": {"apt": {"*": "libyaml-0-2"}, "apk": "yaml"},
    "yaml-cpp": {"apt": {"bullseye": "libyaml-cpp0.6", "focal": "libyaml-cpp0.6", "bookworm": "libyaml-cpp0.7",
                         "jammy": "libyaml-cpp0.7", "trixie": "libyaml-cpp0.8", "noble": "libyaml-cpp0.8"}, "apk": "yaml-cpp"},
    "gnutls": {"apt": {"*": "libgnutls30", "trixie": "libgnutls30t64", "noble": "libgnutls30t64"}, "apk": "gnutls"},
    "atomic": {"apt": {"*": "libatomic1"}, "apk": "libatomic"},
    "gomp": {"apt": {"*": "libgomp1"}, "apk": "libgomp"},
    "xslt": {"apt": {"*": "libxslt1.1"}, "apk": "libxslt"},
    "exslt": {"apt": {"*": "libxslt1.1"}, "apk": "libxslt"},
    "jpeg": {"apt": {"jammy": "libjpeg-turbo8", "focal": "libjpeg-turbo8", "noble": "libjpeg-turbo8", "*": "libjpeg62-turbo"},
             "apk": "libjpeg-turbo"},
    "ldap": {"apt": {"bullseye": "libldap-2.4-2", "focal": "libldap-2.4-2", "bookworm": "libldap-2.5-0",
                     "jammy": "libldap-2.5-0", "trixie": "libldap2", "noble": "libldap2"}, "apk": "libldap"},
    "GL": {"apt": {"*": "libgl1"}, "apk": "mesa-gl"},
    "glib-2.0": {"apt": {"trixie": "libglib2.0-0t64", "noble": "libglib2.0-0t64", "*": "libglib2.0-0"}, "apk": "glib"},
    "magic": {"apt": {"trixie": "libmagic1t64", "noble": "libmagic1t64", "*": "libmagic1"}, "apk": "libmagic"},
    "zbar": {"apt": {"trixie": "libzbar0t64", "noble": "libzbar0t64", "*": "libzbar0"}, "apk": "zbar"},
}

# Boost's shared libraries are named after the Boost version of each release (libboost-system1.74.0).
BOOST_VERSIONS = {"bullseye": "1.74.0", "bookworm": "1.74.0", "trixie": "1.83.0", "focal": "1.71.0", "jammy": "1.74.0",
                  "noble": "1.83.0"}

# pkg-config module names (`pkg-config --libs NAME`, pkg_check_modules) -> the libraries they link.
PKG_CONFIG_LIBS: dict[str, tuple[str, ...]] = {
    "sqlite3": ("sqlite3",), "zlib": ("z",), "openssl": ("ssl", "crypto"), "libssl": ("ssl", "crypto"),
    "libcrypto": ("crypto",), "libcurl": ("curl",), "libpq": ("pq",), "libxml-2.0": ("xml2",), "libsodium": ("sodium",),
    "uuid": ("uuid",), "expat": ("expat",), "liblzma": ("lzma",), "libzstd": ("zstd",), "libpcre2-8": ("pcre2-8",),
    "gmp": ("gmp",), "libpng": ("png16",), "libpng16": ("png16",), "libevent": ("event",), "libmicrohttpd": ("microhttpd",),
    "libuv": ("uv",), "jsoncpp": ("jsoncpp",), "fmt": ("fmt",), "liblz4": ("lz4",), "hiredis": ("hiredis",),
    "ncursesw": ("ncursesw",), "ncurses": ("ncurses",), "readline": ("readline",), "libmariadb": ("mariadb",),
    "mariadb": ("mariadb",), "mysqlclient": ("mariadb",), "libffi": ("ffi",), "yaml-0.1": ("yaml",), "yaml-cpp": ("yaml-cpp",),
    "gnutls": ("gnutls",), "bzip2": ("bz2",),
}


def pkg_config_libs(module: str) -> tuple[str, ...] | None:
    """The libraries `pkg-config --libs MODULE` names; None when the module is not known here."""
    return PKG_CONFIG_LIBS.get(module)


def runtime_package(lib: str, manager: str | None, release: str) -> str | None:
    """The package that holds shared library LIB on a base with MANAGER at RELEASE; "" when
    the C library itself provides it; None when unknown (the base then does not fit)."""
    if lib in LIBC_PARTS:
        return ""
    if lib.startswith("boost_"):
        component = lib[len("boost_"):].replace("_", "-")
        if manager == "apt" and release in BOOST_VERSIONS:
            return f"libboost-{component}{BOOST_VERSIONS[release]}"
        return None      # alpine names Boost packages by its own version (boost1.84-...): not mapped
    row = RUNTIME_LIBRARIES.get(lib, {}).get(manager or "")
    if isinstance(row, dict):
        return row.get(release) or row.get("*")
    return row


def same_library(lib: str, release_a: str, release_b: str) -> bool:
    """Whether Debian/Ubuntu releases A and B ship shared library LIB under the same soname, so a
    program linked on A loads B's copy: the packages are the same but for the `t64` rename
    (libssl3 -> libssl3t64 keeps libssl.so.3); libssl1.1 (bullseye) vs libssl3 (bookworm) is not.
    False when either release has no known package for it."""
    if release_a == release_b:
        return True
    a, b = runtime_package(lib, "apt", release_a), runtime_package(lib, "apt", release_b)
    if a is None or b is None:
        return False
    return a.removesuffix("t64") == b.removesuffix("t64")


def package_for_tool(manager: str | None, tool: str) -> str | None:
    """The package that provides `tool` with this package manager, if known."""
    return TOOL_PACKAGES.get(manager or "", {}).get(tool)
