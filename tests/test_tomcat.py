"""WARs deployed into Tomcat keep Tomcat: the runtime stage is the same Tomcat line on a JRE of
the same major, the WAR is copied into webapps, and the image's own `catalina.sh run` is stated."""

from __future__ import annotations

import pytest

from heuristics.tomcat import runtime_tag

from .conftest import convert, runtime_part

POM = ("<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>shop</artifactId>"
       "<version>1.0</version><packaging>war</packaging><build><finalName>shop</finalName></build></project>\n")
FILES = {"pom.xml": POM, "src/main/webapp/index.html": "<html>hi</html>\n"}


def _dockerfile(image: str, deploy: str = "cp target/shop.war /usr/local/tomcat/webapps/ROOT.war", tail: str = "") -> str:
    return (f"FROM {image}\nRUN apt-get update && apt-get install -y maven\nWORKDIR /src\nCOPY . .\n"
            f"RUN mvn -B package -DskipTests && {deploy}\nEXPOSE 8080\n{tail}")


@pytest.mark.parametrize("image, runtime", [
    ("tomcat:9.0-jdk17-temurin", "tomcat:9.0-jre17-temurin"),
    ("tomcat:10.1-jdk21", "tomcat:10.1-jre21"),
    ("tomcat:9.0.85-jdk11-temurin-jammy", "tomcat:9.0.85-jre11-temurin-jammy"),
])
def test_a_war_in_webapps_runs_on_the_tomcat_jre_of_the_same_line(image, runtime):
    plan, out = convert(_dockerfile(image), FILES)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith(f"FROM {runtime}\n")
    assert "COPY --from=build /usr/local/tomcat/webapps/ROOT.war /usr/local/tomcat/webapps/ROOT.war" in rt
    # the file sets no command: the one tomcat's image runs is stated, as the original ran it
    assert rt.endswith('CMD ["catalina.sh", "run"]\n')
    assert "/src/pom.xml" not in rt and "/src/target" not in rt


def test_an_explicit_command_is_replayed_not_added():
    plan, out = convert(_dockerfile("tomcat:10.1-jdk17", tail='CMD ["catalina.sh", "run"]\n'), FILES)
    rt = runtime_part(out)
    assert rt.count("CMD ") == 1 and "default command" not in rt


def test_a_tag_without_a_jdk_is_left_alone():
    plan, _ = convert(_dockerfile("tomcat:9.0"), FILES)
    assert not plan.changed and "Java version" in plan.reason


def test_the_runtime_tag():
    assert runtime_tag("tomcat:9.0-jdk17-temurin") == "9.0-jre17-temurin"
    assert runtime_tag("tomcat:jdk21") == "jre21"
    assert runtime_tag("tomcat:9.0") is None and runtime_tag("eclipse-temurin:17-jdk") is None
