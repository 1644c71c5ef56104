"""Why a file is left unchanged: one code per reason, like a linter's rule codes.

Each code has a title and the reason it protects the user's image; `docs/refusals.md` gives
an example Dockerfile for each, and a test converts every example and expects its code.
"""

from __future__ import annotations

REFUSALS: dict[str, tuple[str, str]] = {
    "SS001": ("already-multi-stage", "the file already separates build and runtime; splitting again would guess at its intent"),
    "SS002": ("onbuild", "ONBUILD triggers run in images built FROM this one; a runtime stage would silently drop them"),
    "SS003": ("platform-variable", "the runtime base must run on the platform the build targets, which a variable hides"),
    "SS004": ("base-from-argument", "the build image is unknown until build time, so its C library and PATH are too"),
    "SS005": ("from-scratch", "nothing is compiled in a scratch image; there is no toolchain to drop"),
    "SS006": ("context-too-large", "files the program reads cannot be checked against a context listed only in part"),
    "SS007": ("unknown-effect", "a command no rule can read may write a file the program needs at run time"),
    "SS008": ("no-command", "without ENTRYPOINT or CMD the program comes from the base image"),
    "SS009": ("nothing-built", "the image runs something this file did not compile: there is no build stage to split off"),
    "SS010": ("sources-unreadable", "what the program needs at run time is read from its sources, which are not in the context"),
    "SS011": ("runs-installed-programs",
              "the program runs other programs the build installs with a package manager the runtime base of the same distribution cannot use"),
    "SS012": ("tzdata-unavailable", "the program loads time zones and no base or build image can provide them"),
    "SS013": ("unknown-user", "the runtime base does not know USER and its account cannot be carried over"),
    "SS014": ("program-not-created", "the command runs a path this file does not create"),
    "SS015": ("program-unreadable", "the command runs a file that is neither built here nor a script that can be read"),
    "SS016": ("script-interpreter", "an entry script in a language this analysis does not follow"),
    "SS017": ("variable-command", "an entry command names its program through a variable"),
    "SS018": ("runtime-cannot-run", "the --runtime asked for lacks something the program needs"),
    "SS019": ("no-base-fits", "no runtime base in the catalogue has everything the program needs"),
    "SS020": ("ends-in-continuation",
              "the file ends inside an instruction continued with an escape character: any line added after it would join that instruction"),
    "SS021": ("unknown-build-image", "relative paths, PATH and the C library follow the build image's defaults, which only the catalogue knows"),
    "SS022": ("no-ecosystem-rules", "the build is in a language this version has no rules for, so nothing it builds can be followed"),
    "SS024": ("owner-changed-in-build", "a RUN changes the owner of files the runtime stage copies, and COPY --from "
                                        "would give them to root while the program runs as another user"),
    "SS023": ("runs-build-tool", "the command is the build tool itself, which compiles the program each time the container starts, "
                                 "so the runtime stage would need the whole toolchain"),
    "SS025": ("ignored", "the file's owners asked for it to be left alone, with a `# stagesplit: ignore` comment "
                         "or an `ignore` override in the configuration"),
    "SS026": ("windows-image", "Windows images have their own paths, shells and runtime bases, none of which this analysis knows"),
    "SS027": ("nothing-dropped", "the runtime stage would start from the build image itself and copy everything the build wrote: "
                                 "two stages holding the same image gain nothing"),
}


class Refusal(Exception):
    """Leave the file unchanged, for this reason."""

    def __init__(self, code: str, message: str):
        if code not in REFUSALS:
            raise ValueError(f"unknown refusal code {code}")
        super().__init__(message)
        self.code = code
