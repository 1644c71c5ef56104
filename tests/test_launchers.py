"""Artifacts started through a runtime's launcher (`java -jar`, `java -cp`): what the launcher
names is copied or refused, and the runtime base's own PATH finds the runtime."""

from __future__ import annotations

from .conftest import convert, runtime_part

MAIN = "package hello;\npublic class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }\n"
BUILD = "RUN javac -d classes src/hello/Main.java && jar cfe app.jar hello.Main -C classes .\n"


def test_a_classpath_folder_the_build_copied_is_carried():
    text = ("FROM eclipse-temurin:17-jdk\nWORKDIR /srv\nCOPY src src\nCOPY lib /opt/lib\n" + BUILD
            + 'CMD ["java", "-cp", "app.jar:/opt/lib/*", "hello.Main"]\n')
    plan, out = convert(text, {"src/hello/Main.java": MAIN, "lib/extra.jar": "PK"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM eclipse-temurin:17-jre\n")
    assert "# stagesplit: named by the command that starts the program\nCOPY --from=build /opt/lib/extra.jar /opt/lib/extra.jar" in runtime


def test_a_classpath_entry_nothing_made_is_refused():
    text = "FROM eclipse-temurin:17-jdk\nWORKDIR /srv\nCOPY src src\n" + BUILD + 'CMD ["java", "-cp", "app.jar:/opt/vendor/x.jar", "hello.Main"]\n'
    plan, out = convert(text, {"src/hello/Main.java": MAIN})
    assert not plan.changed and plan.code == "SS014"
    assert "/opt/vendor/x.jar, which this file does not create" in plan.reason


def test_the_runtime_base_path_finds_the_jre_when_the_file_extends_path():
    # openjdk:11 keeps java in /usr/local/openjdk-11/bin, which eclipse-temurin:11-jre does not have:
    # the runtime stage must not start from the build image's PATH.
    text = ("FROM openjdk:11\nWORKDIR /srv\nCOPY src src\n" + BUILD + "ENV PATH=$PATH:/srv/bin\n"
            + 'CMD ["java", "-jar", "app.jar"]\n')
    plan, out = convert(text, {"src/hello/Main.java": MAIN})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM eclipse-temurin:11-jre\n")
    assert "openjdk-11" not in runtime and "ENV PATH=$PATH:/srv/bin" in runtime
