"""The runtime base: the first of the catalogue's order (or the one --runtime names) that has
everything the program needs, with the packages it must install for what the base lacks.
An official image of the built-in catalogue is spelt as the build image spells Docker Hub
(`FROM docker.io/library/golang` gets `FROM docker.io/library/alpine`)."""

from __future__ import annotations

from msgspec.structs import replace

from heuristics import Decision, base_images, packages
from heuristics.base_images import BaseImage, BuildImage, Requirements

from ..refusals import Refusal
from .types import Options


def choose(req: Requirements, build: BuildImage, options: Options, decisions: list[Decision],
           installed: tuple[str, ...]) -> tuple[BaseImage, list[str]]:
    cat = options.catalogue
    fits = [_spelt(b, build) for b in base_images.candidates(req, build, cat)]
    if options.runtime != "auto":
        forced = (base_images.named(options.runtime, build, cat, req.runtime)
                  if options.runtime != "distroless" or req.runtime is not None
                  else base_images.distroless_for(req.libc, req.shared_libs, cat))
        if forced is None:
            wanted = " ".join(req.runtime or ())
            raise Refusal("SS018", f"--runtime {options.runtime} cannot run this program: no {options.runtime} base "
                                   f"in the catalogue ships the {wanted} runtime")
        forced = _spelt(forced, build)
        if forced.ref not in [b.ref for b in fits]:
            raise Refusal("SS018", f"--runtime {options.runtime} cannot run this program: {_why_not(forced, req)}")
        fits = [forced]
    for base in fits:
        installs: list[str] = []
        missing_tools = sorted(t for t in req.tools if t not in base.tools)
        tool_pkgs = [packages.package_for_tool(base.package_manager, t) for t in missing_tools]
        if None in tool_pkgs:
            continue   # a command this base lacks and no known package provides
        installs.extend(p for p in tool_pkgs if p)
        missing_libs = sorted(req.shared_libs - base.libs)
        if missing_libs:
            mapped = _runtime_packages(missing_libs, installed, base)
            if mapped is None:
                continue
            installs.extend(mapped)
        why = _why_base(base, req)
        decisions.append(Decision("runtime base", base.ref, why))
        if installs:
            decisions.append(Decision("runtime packages", ", ".join(installs), "called or linked at run time and missing from the base"))
        return base, installs
    raise Refusal("SS019", f"no runtime base fits: the program needs {_describe(req)}, and no base in the catalogue "
                           "has all of it or a known package that provides it")


def _spelt(base: BaseImage, build: BuildImage) -> BaseImage:
    """BASE spelt as the build image spells Docker Hub, so that every FROM of the file passes the
    allow-list or policy check its owners spelt it for; the decision, the comments and the reports
    all name this spelling. A base whose image a --bases file or the configuration declared is
    written exactly as declared."""
    if base.declared:
        return base
    ref = base_images.spelt_like(base.ref, build.ref)
    return base if ref == base.ref else replace(base, ref=ref)


def _runtime_packages(libs: list[str], installed: tuple[str, ...], base: BaseImage) -> list[str] | None:
    """The packages holding LIBS on BASE: the library table first (names follow the base's
    release), else the runtime package of a -dev package the build installed for it."""
    if base.package_manager is None:
        return None
    out = []
    for lib in libs:
        hit = packages.runtime_package(lib, base.package_manager, base.release)
        if hit is None:
            for spec in installed:
                name = packages.package_name(spec)
                rt = packages.DEV_TO_RUNTIME.get(name)
                if rt and lib in name:
                    hit = rt
        if hit is None:
            return None
        if hit:
            out.append(hit)
    return out


def _describe(req: Requirements) -> str:
    parts = [f"the {req.runtime[0]} {req.runtime[1]} runtime"] if req.runtime else []
    parts.append({"static": "no C library", "musl": "musl libc", "glibc": "glibc"}[req.libc])
    if req.shell:
        parts.append("a shell")
    if req.tools:
        tools = sorted(req.tools)
        parts.append(("the command " if len(tools) == 1 else "the commands ") + ", ".join(tools))
    if req.shared_libs:
        parts.append("the libraries " + ", ".join(sorted(req.shared_libs)))
    return ", ".join(parts)


def _why_base(base: BaseImage, req: Requirements) -> str:
    return f"the program needs {_describe(req)}; {base_images.preference(base)}"


def _why_not(base: BaseImage, req: Requirements) -> str:
    if req.runtime is not None and (base.provides, base.version) != req.runtime:
        return f"{base.ref} does not ship the {req.runtime[0]} {req.runtime[1]} runtime"
    if req.shell and not base.shell:
        return "it needs a shell and has none"
    if req.libc in ("glibc", "musl") and base.libc != req.libc:
        return f"the binary links {req.libc} and {base.ref} has {base.libc or 'no C library'}"
    return f"it lacks {_describe(req)}"
