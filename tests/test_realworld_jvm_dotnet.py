"""Idioms of real public single-stage Java and .NET Dockerfiles, each rewritten with our own
minimal text: what the converter must make of them (the runtime stage a user would read), or
why it must leave them alone."""

from __future__ import annotations

from .conftest import convert, runtime_part

MAIN_CS = 'System.Console.WriteLine("hi");\n'
MAIN_JAVA = "package demo;\n\npublic class App {\n    public static void main(String[] args) {}\n}\n"


def _csproj(sdk: str = "Microsoft.NET.Sdk", exe: bool = True, tfm: str = "net8.0", items: str = "") -> str:
    kind = "    <OutputType>Exe</OutputType>\n" if exe else ""
    return (f'<Project Sdk="{sdk}">\n  <PropertyGroup>\n{kind}    <TargetFramework>{tfm}</TargetFramework>\n'
            f"  </PropertyGroup>\n{items}</Project>\n")


def _sln(*projects: str) -> str:
    lines = ["Microsoft Visual Studio Solution File, Format Version 12.00"]
    for p in projects:
        name = p.rsplit("\\", 1)[-1].removesuffix(".csproj")
        lines += [f'Project("{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}") = "{name}", "{p}", "{{0C1E2D3F-0000-0000-0000-000000000001}}"',
                  "EndProject"]
    return "\n".join(lines) + "\n"


def _pom(artifact: str, version: str, plugins: str = "", extra: str = "") -> str:
    return ('<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n'
            f"  <groupId>org.example</groupId>\n  <artifactId>{artifact}</artifactId>\n  <version>{version}</version>\n{extra}"
            f"  <build><plugins>{plugins}</plugins></build>\n</project>\n")


def _plugin(group: str, artifact: str) -> str:
    return f"<plugin><groupId>{group}</groupId><artifactId>{artifact}</artifactId></plugin>"


BOOT = _plugin("org.springframework.boot", "spring-boot-maven-plugin")


# -- .NET -------------------------------------------------------------------------------------------

def _voice_solution() -> dict[str, str]:
    """A library and an example app that references it, in one solution (the example is the app)."""
    ref = '  <ItemGroup>\n    <ProjectReference Include="..\\..\\lib\\Chime\\Chime.csproj" />\n  </ItemGroup>\n'
    return {"Chime.sln": _sln("lib\\Chime\\Chime.csproj", "samples\\Ping\\Ping.csproj"),
            "lib/Chime/Chime.csproj": _csproj(exe=False), "lib/Chime/Bell.cs": "public class Bell {}\n",
            "samples/Ping/Ping.csproj": _csproj(items=ref), "samples/Ping/Program.cs": MAIN_CS}


def test_publish_without_output_then_the_build_folders_dll_is_started():
    # `dotnet publish` without -o builds into bin/<Configuration>/<TFM>/<RID>/ first, then copies
    # to publish/: images start the dll of the build folder too. That folder is the app.
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY ./ /src\n"
          "RUN dotnet publish -c Release -r linux-x64\n"
          "ENTRYPOINT dotnet /src/samples/Ping/bin/Release/net8.0/linux-x64/Ping.dll\n")
    plan, out = convert(df, _voice_solution())
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM mcr.microsoft.com/dotnet/runtime:8.0\n")
    folder = "/src/samples/Ping/bin/Release/net8.0/linux-x64"
    assert f"COPY --from=build {folder} {folder}\n" in rt
    assert "ENTRYPOINT dotnet /src/samples/Ping/bin/Release/net8.0/linux-x64/Ping.dll\n" in rt
    assert ".cs" not in rt and "Chime.sln" not in rt


def test_build_folder_of_a_musl_runtime_identifier_runs_on_alpine():
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY ./ /src\n"
          "RUN dotnet publish -c Release -r linux-musl-x64\n"
          "ENTRYPOINT dotnet /src/samples/Ping/bin/Release/net8.0/linux-musl-x64/Ping.dll\n")
    plan, out = convert(df, _voice_solution())
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM mcr.microsoft.com/dotnet/runtime:8.0-alpine-extra\n")


def test_publish_folder_launch_does_not_take_the_build_folder_along():
    # The same publish, the published dll started: only publish/ is copied, not the build
    # folder around it (which holds a second copy of the app).
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish\n"
          'CMD ["dotnet", "bin/Release/net8.0/publish/Ping.dll"]\n')
    plan, out = convert(df, {"Ping.csproj": _csproj(), "Program.cs": MAIN_CS})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /src/bin/Release/net8.0/publish /src/bin/Release/net8.0/publish\n" in rt
    assert "COPY --from=build /src/bin/Release/net8.0 " not in rt
    assert "/src/bin/Release/net8.0/Ping.dll" not in rt


def test_build_folder_dll_after_publish_to_an_output_folder_is_not_made_up():
    # With -o the analysis names only the output folder; a dll elsewhere is not claimed.
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o out\n"
          'CMD ["dotnet", "bin/Release/net8.0/Elsewhere.dll"]\n')
    plan, _ = convert(df, {"Ping.csproj": _csproj(), "Program.cs": MAIN_CS})
    assert not plan.changed and plan.code == "SS014"


def test_workdir_into_the_output_folder_and_a_bare_dll_name():
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . ./\nRUN dotnet publish -c Release -o out\n"
          'WORKDIR /app/out\nENTRYPOINT ["dotnet", "hello-web.dll"]\n')
    plan, out = convert(df, {"hello-web.csproj": _csproj("Microsoft.NET.Sdk.Web", exe=False), "Program.cs": MAIN_CS})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")
    assert "COPY --from=build /app/out /app/out\n" in rt
    assert "WORKDIR /app/out\n" in rt


def test_the_sdk_alone_as_the_command_is_left_alone():
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . ./\nRUN dotnet publish -c Release -o /app/out\n"
          'WORKDIR /app/out\nENTRYPOINT ["dotnet"]\n')
    plan, _ = convert(df, {"App.csproj": _csproj(), "Program.cs": MAIN_CS})
    assert not plan.changed and plan.code == "SS009"


# -- Java -------------------------------------------------------------------------------------------

def test_maven_wrapper_install_in_the_root_folder():
    # No WORKDIR: the project is / itself, the archive /target/NAME-VERSION.jar.
    df = 'FROM openjdk:21-jdk\nCOPY . .\nRUN ./mvnw clean install\nENTRYPOINT ["java", "-jar", "target/zip-lookup-0.1.0.jar"]\n'
    files = {"pom.xml": _pom("zip-lookup", "0.1.0", BOOT), "mvnw": "#!/bin/sh\n", "src/main/java/demo/App.java": MAIN_JAVA}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM eclipse-temurin:21-jre\n")
    assert "COPY --from=build /target/zip-lookup-0.1.0.jar /target/zip-lookup-0.1.0.jar\n" in rt
    assert "COPY --from=build /mvnw" not in rt and "/pom.xml" not in rt


def test_mv_of_the_packaged_jar_to_a_fixed_name():
    df = ("FROM eclipse-temurin:17-jdk-alpine\nWORKDIR /app\nRUN apk add --no-cache maven\nCOPY pom.xml .\nCOPY src ./src\n"
          "RUN mvn package -DskipTests\nRUN mv target/*.jar target/app.jar\n"
          'ENTRYPOINT ["java", "-jar", "target/app.jar", "--server.port=8080"]\n')
    plan, out = convert(df, {"pom.xml": _pom("ledger", "2.0", BOOT), "src/main/java/demo/App.java": MAIN_JAVA})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM eclipse-temurin:17-jre-alpine\n")
    assert "COPY --from=build /app/target/app.jar /app/target/app.jar\n" in rt
    assert "ledger-2.0.jar" not in rt.split("\n# stagesplit: the program")[-1].split("\n", 1)[-1]


def test_shell_glob_launch_with_plugins_of_unknown_outputs_carries_target_whole():
    # Plugins this analysis does not know may put more jars in target/: the shell's glob would
    # see them, so target/ is carried whole, never narrowed to the one archive.
    plugins = BOOT + _plugin("io.spring.javaformat", "spring-javaformat-maven-plugin")
    df = ("FROM maven:3.6.3-adoptopenjdk-8\nCOPY . /usr/src/clinic/\nWORKDIR /usr/src/clinic/\nRUN mvn package\n"
          "ENTRYPOINT java -jar ./target/*.jar\n")
    plan, out = convert(df, {"pom.xml": _pom("clinic", "2.4.5", plugins), "src/main/java/demo/App.java": MAIN_JAVA})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM eclipse-temurin:8-jre\n")
    assert "COPY --from=build /usr/src/clinic/target /usr/src/clinic/target\n" in rt
    assert "ENTRYPOINT java -jar ./target/*.jar\n" in rt


def test_java_entrypoint_with_the_jar_in_cmd():
    shade = ("<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId>"
             "<executions><execution><phase>package</phase><goals><goal>shade</goal></goals></execution></executions></plugin>")
    df = ("FROM maven:3.8-openjdk-17\nWORKDIR /opt/svc\nCOPY . .\nWORKDIR /opt/svc/server\nRUN mvn clean package\n"
          'ENTRYPOINT ["java"]\nCMD ["-jar", "target/relay-1.0-SNAPSHOT.jar", "server", "relay.yml"]\n')
    files = {"server/pom.xml": _pom("relay", "1.0-SNAPSHOT", shade), "server/relay.yml": "server: {}\n",
             "server/src/main/java/demo/App.java": MAIN_JAVA}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /opt/svc/server/target/relay-1.0-SNAPSHOT.jar /opt/svc/server/target/relay-1.0-SNAPSHOT.jar\n" in rt
    assert "COPY --from=build /opt/svc/server/relay.yml /opt/svc/server/relay.yml\n" in rt
    assert "original-relay-1.0-SNAPSHOT.jar" not in rt
    assert rt.endswith('ENTRYPOINT ["java"]\nCMD ["-jar", "target/relay-1.0-SNAPSHOT.jar", "server", "relay.yml"]\n')


def test_gradle_build_in_the_root_folder_with_a_shell_form_command():
    settings = "rootProject.name = 'tally'\n"
    build = ("plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.2.0'\n}\n\n"
             "version = '1.0-SNAPSHOT'\n")
    df = "FROM gradle:7.6-jdk17\nWORKDIR /\nCOPY / .\nRUN gradle build\nCMD java -jar ./build/libs/tally-1.0-SNAPSHOT.jar\n"
    plan, out = convert(df, {"settings.gradle": settings, "build.gradle": build, "src/main/java/demo/App.java": MAIN_JAVA})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM eclipse-temurin:17-jre\n")
    assert "COPY --from=build /build/libs/tally-1.0-SNAPSHOT.jar /build/libs/tally-1.0-SNAPSHOT.jar\n" in rt


def test_jar_copied_from_the_context_is_not_the_build():
    # `COPY target/x.jar app.jar` after building inside the image takes the host's jar: the
    # image does not run what it built, so there is nothing to split.
    df = ("FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . /app/\nRUN ./mvnw -DskipTests clean package\n"
          'COPY target/kiosk.jar app.jar\nENTRYPOINT ["java", "-jar", "app.jar"]\n')
    files = {"pom.xml": _pom("kiosk", "1.0", BOOT, "").replace("<build>", "<build><finalName>kiosk</finalName>"),
             "mvnw": "#!/bin/sh\n", "target/kiosk.jar": "jar", "src/main/java/demo/App.java": MAIN_JAVA}
    plan, _ = convert(df, files)
    assert not plan.changed and plan.code == "SS009"
