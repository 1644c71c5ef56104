"""Java rules: what javac, jar, Maven and Gradle write, how the image's java command is read,
and which JRE the runtime stage gets."""

from __future__ import annotations

import pytest

from heuristics import base_images
from heuristics.java import JAVA
from heuristics.java_projects import jdk_version, read_gradle, read_pom

from .conftest import convert, runtime_part

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>g</groupId><artifactId>shop</artifactId><version>1.2.0</version>{extra}</project>"""
MAIN = "public class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }\n"
BOOT = ("<build><plugins><plugin><groupId>org.springframework.boot</groupId>"
        "<artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>")


class _Files:
    def __init__(self, files: dict[str, str]):
        self.files = files

    def files_under(self, directory: str):
        return sorted(p for p in self.files if p.startswith(directory.rstrip("/") + "/"))

    def read(self, path: str):
        return self.files.get(path)


@pytest.mark.parametrize("image,version", [
    ("eclipse-temurin:17-jdk", "17"), ("eclipse-temurin:21", "21"), ("eclipse-temurin:8u382-b05-jdk", "8"),
    ("eclipse-temurin:17.0.8_7-jdk-jammy", "17"), ("maven:3.9-eclipse-temurin-21-alpine", "21"),
    ("maven:3.8-openjdk-17", "17"), ("maven:3.6-jdk-8", "8"), ("maven:3-amazoncorretto-11", "11"),
    ("gradle:8-jdk17", "17"), ("gradle:8.5-jdk21-alpine", "21"), ("openjdk:11", "11"), ("openjdk:8-jdk-alpine", "8"),
    ("amazoncorretto:21-alpine", "21"),
    ("maven:3.9", None), ("gradle:latest", None), ("eclipse-temurin:latest", None), ("ubuntu:22.04", None),
])
def test_jdk_version_comes_from_the_build_image_tag(image, version):
    assert jdk_version(image) == version


@pytest.mark.parametrize("image,family,java_home", [
    ("eclipse-temurin:17-jdk", "ubuntu", "/opt/java/openjdk"),
    ("maven:3.9-eclipse-temurin-17-focal", "ubuntu", "/opt/java/openjdk"),
    ("maven:3-jdk-11", "debian", "/usr/local/openjdk-11"),
    ("openjdk:21-jdk-slim", "debian", "/usr/local/openjdk-21"),
    ("openjdk:17", "unknown", "/usr/java/openjdk-17"),                      # Oracle Linux
    ("amazoncorretto:17", "unknown", "/usr/lib/jvm/java-17-amazon-corretto"),  # Amazon Linux
    ("amazoncorretto:17-alpine", "alpine", "/usr/lib/jvm/default-jvm"),
    ("gradle:8-jdk17-alpine", "alpine", "/opt/java/openjdk"),
])
def test_java_build_images_follow_the_jdk_their_tag_names(image, family, java_home):
    b = base_images.describe_build_image(image)
    assert b.known and b.family == family and dict(b.env)["JAVA_HOME"] == java_home


def test_gradle_image_starts_in_the_gradle_home_and_adds_nothing_to_path():
    b = base_images.describe_build_image("gradle:8-jdk17")
    assert b.workdir == "/home/gradle" and dict(b.env)["PATH"].startswith("/opt/java/openjdk/bin:/usr/local/sbin")


# -- pom.xml and Gradle files ---------------------------------------------------------------------

def test_pom_final_name_and_properties():
    files = {"/a/pom.xml": POM.format(extra="<properties><suffix>svc</suffix></properties>"
                                            "<build><finalName>${project.artifactId}-${suffix}</finalName></build>")}
    [m] = read_pom("/a", _Files(files))
    assert m.outputs == ("/a/target/shop-svc.jar",) and not m.unknown_plugins


def test_pom_spring_boot_repackages_in_place_and_keeps_the_original_as_intermediate():
    [m] = read_pom("/a", _Files({"/a/pom.xml": POM.format(extra=BOOT)}))
    assert m.outputs == ("/a/target/shop-1.2.0.jar",) and "/a/target/shop-1.2.0.jar.original" in m.intermediates


def test_pom_modules_each_give_their_archive():
    parent = POM.format(extra="<packaging>pom</packaging><modules><module>api</module><module>core</module></modules>")
    child = ("<project><modelVersion>4.0.0</modelVersion><parent><groupId>g</groupId><artifactId>shop</artifactId>"
             "<version>1.2.0</version></parent><artifactId>{}</artifactId>{}</project>")
    files = {"/a/pom.xml": parent, "/a/api/pom.xml": child.format("api", "<packaging>war</packaging>"),
             "/a/core/pom.xml": child.format("core", "")}
    assert [m.outputs for m in read_pom("/a", _Files(files))] == [("/a/api/target/api-1.2.0.war",),
                                                                   ("/a/core/target/core-1.2.0.jar",)]


def test_pom_with_an_unresolved_name_is_a_reason_not_a_guess():
    files = {"/a/pom.xml": POM.format(extra="<build><finalName>${env.NAME}</finalName></build>")}
    assert isinstance(read_pom("/a", _Files(files)), str)


def test_gradle_names_from_settings_and_build_script():
    files = {"/w/settings.gradle": "rootProject.name = 'api' // the name\n",
             "/w/build.gradle": "plugins { id 'org.springframework.boot' version '3.3.0'\n id 'java' }\nversion = '2.0'\n"}
    p = read_gradle("/w", _Files(files))
    assert not isinstance(p, str) and p.archive() == "/w/build/libs/api-2.0.jar" and p.spring_boot


def test_gradle_version_from_gradle_properties_and_unspecified_version():
    files = {"/w/build.gradle": "plugins { id 'java' }\n", "/w/gradle.properties": "version=3.1\n"}
    p = read_gradle("/w", _Files(files))
    assert not isinstance(p, str) and p.archive() == "/w/build/libs/w-3.1.jar"
    p = read_gradle("/w", _Files({"/w/build.gradle": "plugins { id 'java' }\n"}))
    assert not isinstance(p, str) and p.archive() == "/w/build/libs/w.jar"


def test_gradle_multi_project_or_computed_names_are_reasons():
    assert isinstance(read_gradle("/w", _Files({"/w/settings.gradle": "include 'app'\n", "/w/build.gradle": ""})), str)
    assert isinstance(read_gradle("/w", _Files({"/w/build.gradle": "version = computeVersion()\n"})), str)
    assert isinstance(read_gradle("/w", _Files({"/w/build.gradle": "bootJar { archiveBaseName = name + 'x' }\n"})), str)


# -- the image's command ----------------------------------------------------------------------------

@pytest.mark.parametrize("argv,paths", [
    (["java", "-jar", "app.jar"], ("app.jar",)),
    (["java", "-Xmx1g", "-Dspring.profiles.active=prod", "-jar", "/app/app.jar", "--port", "80"], ("/app/app.jar",)),
    (["java", "-cp", "app.jar:lib/*", "com.x.Main"], ("app.jar", "lib/*")),
    (["java", "--class-path=classes", "Main"], ("classes",)),
    (["java", "Main"], (".",)),
    (["/opt/java/openjdk/bin/java", "", "-jar", "target/x.jar"], ("target/x.jar",)),     # $JAVA_OPTS unset
    (["build/install/app/bin/app", "serve"], ("build/install/app/bin/app",)),
])
def test_launches_name_the_artifacts(argv, paths):
    launch = JAVA.launches(argv, "eclipse-temurin:17-jdk")
    assert launch is not None and launch.refuse is None and launch.paths == paths


@pytest.mark.parametrize("argv", [["mvn", "spring-boot:run"], ["./mvnw", "exec:java"], ["./gradlew", "bootRun"],
                                  ["gradle", "run"], ["java", "Main.java"], ["java", "@args.txt"]])
def test_build_tools_and_source_launches_are_refused(argv):
    launch = JAVA.launches(argv, "eclipse-temurin:17-jdk")
    assert launch is not None and launch.refuse


def test_other_commands_are_not_java_launches():
    image = "eclipse-temurin:17-jdk"
    assert JAVA.launches(["./server"], image) is None and JAVA.launches(["nginx", "-g", "daemon off;"], image) is None


# -- whole conversions --------------------------------------------------------------------------------

JAVAC = """FROM eclipse-temurin:17-jdk
WORKDIR /app
COPY Main.java .
RUN javac -d out Main.java && jar cfe app.jar Main -C out .
CMD ["java", "-jar", "app.jar"]
"""


def test_javac_and_jar_run_on_the_jre_of_the_same_version_without_classes_or_sources():
    plan, out = convert(JAVAC, {"Main.java": MAIN})
    rt = runtime_part(out)
    assert plan.changed and rt.startswith("FROM eclipse-temurin:17-jre\n")
    assert "COPY --from=build /app/app.jar /app/app.jar" in rt
    assert "/app/out" not in rt and "Main.java" not in rt and "jdk" not in rt


def test_class_tree_launch_copies_the_class_folder():
    df = JAVAC.replace(' && jar cfe app.jar Main -C out .', '').replace('["java", "-jar", "app.jar"]', '["java", "-cp", "out", "Main"]')
    _, out = convert(df, {"Main.java": MAIN})
    assert "COPY --from=build /app/out /app/out" in runtime_part(out)


def test_alpine_jdk_gets_the_alpine_jre():
    _, out = convert(JAVAC.replace("17-jdk", "17-jdk-alpine"), {"Main.java": MAIN})
    assert runtime_part(out).startswith("FROM eclipse-temurin:17-jre-alpine\n")


def test_distroless_java_gets_its_entrypoint_reset():
    # gcr.io/distroless/java17's ENTRYPOINT is `java -jar`: with only a CMD, the image would run
    # `java -jar java -jar app.jar`, so the runtime stage resets it.
    plan, out = convert(JAVAC, {"Main.java": MAIN}, runtime="distroless")
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM gcr.io/distroless/java17-debian12\n")
    assert "\nENTRYPOINT []\n" in rt and rt.index("ENTRYPOINT []") < rt.index("CMD ")
    # a file with its own ENTRYPOINT replaces the base's anyway: no reset
    _, out = convert(JAVAC.replace("CMD ", "ENTRYPOINT "), {"Main.java": MAIN}, runtime="distroless")
    assert "ENTRYPOINT []" not in runtime_part(out)


def test_a_build_image_without_a_jdk_version_is_refused_with_the_reason():
    df = "FROM maven:3.9\nWORKDIR /app\nCOPY . .\nRUN mvn package\nCMD [\"java\", \"-jar\", \"target/shop-1.2.0.jar\"]\n"
    plan, out = convert(df, {"pom.xml": POM.format(extra="")})
    assert not plan.changed and "does not say which Java version" in plan.reason


def test_a_java_version_no_jre_image_ships_is_refused():
    df = JAVAC.replace("17-jdk", "19-jdk")
    plan, _ = convert(df, {"Main.java": MAIN})
    assert not plan.changed and plan.code == "SS019"


def test_maven_package_runs_the_named_jar_and_leaves_sources_and_target_internals():
    df = ("FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn -B -DskipTests clean package\n"
          "CMD [\"java\", \"-jar\", \"target/shop-1.2.0.jar\"]\n")
    plan, out = convert(df, {"pom.xml": POM.format(extra=""), "src/main/java/Main.java": MAIN, "application.yml": "a: 1\n"})
    rt = runtime_part(out)
    assert rt.startswith("FROM eclipse-temurin:21-jre\n")
    assert "COPY --from=build /app/target/shop-1.2.0.jar /app/target/shop-1.2.0.jar" in rt
    assert "COPY --from=build /app/application.yml" in rt          # the carry rule: config beside the jar
    assert "pom.xml" not in rt and "/app/src" not in rt and "classes" not in rt


def test_maven_with_an_unknown_plugin_carries_target_whole():
    extra = "<build><plugins><plugin><artifactId>maven-dependency-plugin</artifactId></plugin></plugins></build>"
    df = ("FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn package\n"
          "CMD [\"java\", \"-cp\", \"target/shop-1.2.0.jar:target/lib/*\", \"Main\"]\n")
    _, out = convert(df, {"pom.xml": POM.format(extra=extra)})
    assert "COPY --from=build /app/target /app/target" in runtime_part(out)


def test_copy_of_the_spring_boot_jar_is_what_runs():
    df = ("FROM eclipse-temurin:21-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package && mv target/*.jar /app.jar\n"
          "ENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n")
    plan, out = convert(df, {"pom.xml": POM.format(extra=BOOT), "mvnw": "#!/bin/sh\n"})
    rt = runtime_part(out)
    assert "COPY --from=build /app.jar /app.jar" in rt and "COPY --from=build /app/target" not in rt
    assert "# stagesplit: the program (mv target/shop-1.2.0.jar /app.jar)" in rt


def test_an_unknown_maven_goal_is_an_unknown_effect():
    df = ("FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package jib:dockerBuild\n"
          "CMD [\"java\", \"-jar\", \"target/shop-1.2.0.jar\"]\n")
    plan, _ = convert(df, {"pom.xml": POM.format(extra="")})
    assert not plan.changed and plan.code == "SS007"


def test_gradle_install_dist_needs_a_shell_and_keeps_the_whole_distribution():
    files = {"settings.gradle": "rootProject.name = 'tool'\n", "build.gradle": "plugins { id 'application' }\n"}
    df = "FROM gradle:8-jdk21\nCOPY . /src\nWORKDIR /src\nRUN gradle installDist\nENTRYPOINT [\"build/install/tool/bin/tool\"]\n"
    plan, out = convert(df, files, runtime="distroless")
    assert not plan.changed and plan.code == "SS018"
    plan, out = convert(df, files)
    assert runtime_part(out).startswith("FROM eclipse-temurin:21-jre\n")
    assert "COPY --from=build /src/build/install/tool /src/build/install/tool" in runtime_part(out)


def test_java_builds_no_longer_say_no_rules_yet():
    df = "FROM maven:3.9-eclipse-temurin-17\nCOPY . .\nRUN mvn compile\nCMD [\"mvn\", \"exec:java\"]\n"
    plan, _ = convert(df, {"pom.xml": POM.format(extra="")})
    assert plan.code != "SS022" and "no rules for Java" not in plan.reason
