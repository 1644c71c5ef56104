"""Tomcat: web applications (WARs) a `tomcat:*-jdk*` image builds and deploys into
`$CATALINA_HOME/webapps`, started by the image's `catalina.sh run`.

The artifact is the archive the Java rules (or a copy of it) put in webapps; what runs it is
Tomcat itself, so the runtime base is the same Tomcat line with a JRE of the same major
(`tomcat:9.0-jdk17-temurin` -> `tomcat:9.0-jre17-temurin`): its server.xml, its libraries and
its default command stay what the original had. Tags that name no JDK cannot be matched to a
JRE tag, and such images are left alone.

Example: `FROM tomcat:10.1-jdk17` + `RUN mvn package && cp target/shop.war webapps/ROOT.war`
-> runtime stage `FROM tomcat:10.1-jre17`, `COPY --from=build /usr/local/tomcat/webapps/ROOT.war ...`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, Launch, Runtime, RuntimeNeeds, SourceView

WEBAPPS = "/usr/local/tomcat/webapps"


def runtime_tag(build_image: str) -> str | None:
    """The JRE tag of the same Tomcat line and Java major, or None (a tag with no JDK in it)."""
    name, _, tag = build_image.partition(":")
    if name.rsplit("/", 1)[-1] != "tomcat" or not re.search(r"(^|-)jdk\d+", tag):
        return None
    return re.sub(r"(^|-)jdk(\d+)", r"\1jre\2", tag.split("@")[0], count=1)


class Tomcat:
    name = "tomcat"
    language = "Java"
    build_inputs: tuple[str, ...] = ()

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        return None            # the WAR is built by the Java rules; copies of it are followed by the converter

    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        if not argv or posixpath.basename(argv[0]) != "catalina.sh" or list(argv[1:2]) != ["run"]:
            return None
        # A tag that names no JDK (tomcat:9.0) gives no runtime here; the Java rules then refuse
        # the WAR, as they cannot tell its Java version either.
        tag = runtime_tag(build_image)
        return Launch("catalina.sh", paths=(f"{WEBAPPS}/*",), runtime=Runtime("tomcat", tag) if tag else None)

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        tag = runtime_tag(build_image)
        return RuntimeNeeds(libc="glibc", runtime=Runtime("tomcat", tag) if tag else None)

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        return ()

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False


ECOSYSTEM = Tomcat()
