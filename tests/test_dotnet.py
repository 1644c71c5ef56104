""".NET rules (heuristics/dotnet.py): what `dotnet publish`/`build` write, which runtime image
the published app needs, and what is refused. Each test converts a Dockerfile held in strings
and checks the output a user would read, or the refusal message."""

from __future__ import annotations

import pytest

from heuristics import base_images, ecosystems

from .conftest import convert, runtime_part

WEB = ('<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>{tfm}</TargetFramework>\n'
       '{extra}  </PropertyGroup>\n</Project>\n')
CONSOLE = ('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n'
           '    <TargetFramework>{tfm}</TargetFramework>\n{extra}  </PropertyGroup>\n</Project>\n')
LIBRARY = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>{tfm}</TargetFramework>\n  </PropertyGroup>\n</Project>\n'
MAIN = 'Console.WriteLine("hi");\n'


def web(tfm: str = "net8.0", extra: str = "") -> str:
    return WEB.format(tfm=tfm, extra=extra)


def console(tfm: str = "net8.0", extra: str = "") -> str:
    return CONSOLE.format(tfm=tfm, extra=extra)


def dockerfile(run: str, entry: str = '["dotnet", "out/App.dll"]', image: str = "mcr.microsoft.com/dotnet/sdk:8.0",
               workdir: str = "/app", after: str = "") -> str:
    return (f"FROM {image}\nWORKDIR {workdir}\nCOPY . .\nRUN {run}\n{after}ENTRYPOINT {entry}\n")


def test_web_sdk_project_runs_on_aspnet():
    plan, out = convert(dockerfile("dotnet publish -c Release -o out"), {"App.csproj": web(), "Program.cs": MAIN,
                                                                      "appsettings.json": "{}"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")
    assert "COPY --from=build /app/out /app/out\n" in rt
    assert "COPY --from=build /app/appsettings.json /app/appsettings.json\n" in rt
    assert "App.csproj" not in rt and "Program.cs" not in rt


def test_console_project_runs_on_the_runtime_image():
    plan, out = convert(dockerfile("dotnet publish -c Release -o out"), {"App.csproj": console("net9.0"), "Program.cs": MAIN},
                        )
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/runtime:9.0"


def test_aspnetcore_framework_reference_through_a_project_reference():
    lib = ('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n'
           '  <ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup>\n</Project>\n')
    app = console(extra="").replace("</Project>", '  <ItemGroup><ProjectReference Include="..\\Hosting\\Hosting.csproj" /></ItemGroup>\n</Project>')
    plan, _ = convert(dockerfile("dotnet publish App/App.csproj -c Release -o out"),
                      {"App/App.csproj": app, "App/Program.cs": MAIN, "Hosting/Hosting.csproj": lib})
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/aspnet:8.0"
    assert any("Microsoft.AspNetCore.App" in d.why for d in plan.decisions)


def test_publish_without_output_uses_msbuilds_folder():
    # .NET 8 projects publish in Release by default; .NET 6 ones in Debug.
    df = dockerfile("dotnet publish", entry='["dotnet", "bin/Release/net8.0/publish/App.dll"]')
    plan, out = convert(df, {"App.csproj": console(), "Program.cs": MAIN})
    assert "COPY --from=build /app/bin/Release/net8.0/publish /app/bin/Release/net8.0/publish\n" in runtime_part(out)
    df6 = dockerfile("dotnet publish", entry='["dotnet", "bin/Debug/net6.0/publish/App.dll"]', image="mcr.microsoft.com/dotnet/sdk:6.0")
    plan6, out6 = convert(df6, {"App.csproj": console("net6.0"), "Program.cs": MAIN})
    assert plan6.changed, plan6.reason
    assert runtime_part(out6).startswith("FROM mcr.microsoft.com/dotnet/runtime:6.0\n")
    assert "/app/bin/Debug/net6.0/publish" in runtime_part(out6)


def test_publish_without_output_with_a_runtime_identifier():
    df = dockerfile("dotnet publish -c Release -r linux-x64 --self-contained false",
                    entry='["dotnet", "bin/Release/net8.0/linux-x64/publish/App.dll"]')
    plan, out = convert(df, {"App.csproj": web(), "Program.cs": MAIN})
    assert "COPY --from=build /app/bin/Release/net8.0/linux-x64/publish /app/bin/Release/net8.0/linux-x64/publish\n" in out


def test_the_launched_dll_must_be_the_one_published():
    plan, _ = convert(dockerfile("dotnet publish -c Release -o out", entry='["dotnet", "other/App.dll"]'),
                      {"App.csproj": web(), "Program.cs": MAIN})
    assert not plan.changed and plan.code == "SS014" and "other/App.dll, which this file does not create" in plan.reason


def test_self_contained_apphost_runs_on_runtime_deps():
    df = dockerfile("dotnet publish -c Release -r linux-x64 --self-contained -o /opt/app", entry='["/opt/app/App"]')
    plan, out = convert(df, {"App.csproj": web(), "Program.cs": MAIN})
    rt = runtime_part(out)
    assert rt.startswith("FROM mcr.microsoft.com/dotnet/runtime-deps:8.0\n")
    assert "COPY --from=build /opt/app /opt/app\n" in rt


@pytest.mark.parametrize("tfm, image, base", [
    # Before .NET 8 a runtime identifier made the app self-contained; from 8 on it does not.
    ("net7.0", "mcr.microsoft.com/dotnet/sdk:7.0", "mcr.microsoft.com/dotnet/runtime-deps:7.0"),
    ("net8.0", "mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com/dotnet/runtime:8.0"),
])
def test_runtime_identifier_implies_self_contained_only_before_net8(tfm, image, base):
    df = dockerfile("dotnet publish -c Release -r linux-x64 -o out", entry='["./out/App"]', image=image)
    plan, _ = convert(df, {"App.csproj": console(tfm), "Program.cs": MAIN})
    assert plan.runtime.base.ref == base


def test_native_aot_needs_only_runtime_deps():
    df = dockerfile("dotnet publish -c Release -r linux-x64 -p:PublishAot=true -o out", entry='["./out/App"]')
    plan, _ = convert(df, {"App.csproj": console(), "Program.cs": MAIN})
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/runtime-deps:8.0"


def test_no_apphost_when_use_app_host_is_false():
    df = dockerfile("dotnet publish -c Release -o out /p:UseAppHost=false", entry='["./out/App"]')
    plan, _ = convert(df, {"App.csproj": web(), "Program.cs": MAIN})
    assert not plan.changed and "out/App" in plan.reason


def test_solution_published_to_one_folder_follows_its_web_project():
    sln = ('Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api", "src\\Api\\Api.csproj", "{1}"\nEndProject\n'
           'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Core", "src\\Core\\Core.csproj", "{2}"\nEndProject\n'
           'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api.Tests", "test\\Api.Tests\\Api.Tests.csproj", "{3}"\nEndProject\n')
    tests = console().replace("</Project>", '  <ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.10.0" />'
                                            '</ItemGroup>\n</Project>')
    files = {"Shop.sln": sln, "src/Api/Api.csproj": web(), "src/Api/Program.cs": MAIN, "src/Core/Core.csproj": LIBRARY.format(tfm="net8.0"),
             "test/Api.Tests/Api.Tests.csproj": tests.replace("net8.0", "net9.0")}
    plan, out = convert(dockerfile("dotnet publish -c Release -o out", entry='["dotnet", "out/Api.dll"]'), files)
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")


def test_solution_with_apps_of_two_versions_is_refused():
    sln = ('Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "A", "A\\A.csproj", "{1}"\nEndProject\n'
           'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "B", "B\\B.csproj", "{2}"\nEndProject\n')
    files = {"X.sln": sln, "A/A.csproj": console("net8.0"), "B/B.csproj": console("net9.0")}
    plan, _ = convert(dockerfile("dotnet publish X.sln -c Release -o out", entry='["dotnet", "out/A.dll"]'), files)
    assert not plan.changed
    assert "holds apps for different .NET versions: A.csproj (8.0), B.csproj (9.0)" in plan.reason


def test_target_framework_from_directory_build_props():
    props = "<Project>\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n"
    proj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n</Project>\n'
    plan, _ = convert(dockerfile("dotnet publish src/Api/Api.csproj -c Release -o out", entry='["dotnet", "out/Api.dll"]',
                                 image="mcr.microsoft.com/dotnet/sdk:9.0"),
                      {"Directory.Build.props": props, "src/Api/Api.csproj": proj})
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/aspnet:9.0"


def test_several_target_frameworks_need_dash_f():
    proj = ('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n'
            '    <TargetFrameworks>net8.0;net9.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n')
    plan, _ = convert(dockerfile("dotnet publish -c Release -o out"), {"App.csproj": proj})
    assert not plan.changed and "the .NET runtime version it needs is not known" in plan.reason
    plan_f, _ = convert(dockerfile("dotnet publish -c Release -f net9.0 -o out"), {"App.csproj": proj})
    assert plan_f.runtime.base.ref == "mcr.microsoft.com/dotnet/runtime:9.0"


def test_a_folder_with_two_project_files_is_refused():
    plan, _ = convert(dockerfile("dotnet publish -c Release -o out"), {"App.csproj": web(), "App.sln": "", "Program.cs": MAIN})
    assert not plan.changed and plan.code == "SS007" and "dotnet publish -c Release -o out" in plan.reason


def test_an_unknown_option_is_refused():
    plan, _ = convert(dockerfile("dotnet publish -c Release -o out --made-up-option"), {"App.csproj": web()})
    assert not plan.changed and plan.code == "SS007" and "--made-up-option" in plan.reason


def test_msbuild_switches_and_properties_are_read():
    plan, _ = convert(dockerfile("dotnet publish App.csproj -c Release -o out -m:1 /v:q -p:Version=1.2.3 --nologo"),
                      {"App.csproj": web()})
    assert plan.changed, plan.reason


@pytest.mark.parametrize("entry, shown", [
    ('["dotnet", "run"]', "dotnet run"),
    ('["dotnet", "watch", "run"]', "dotnet watch run"),
    ("dotnet run --urls http://0.0.0.0:5000", "dotnet run --urls"),
])
def test_dotnet_run_as_the_command_is_refused(entry, shown):
    plan, _ = convert(dockerfile("dotnet build -c Release", entry=entry), {"App.csproj": web(), "Program.cs": MAIN})
    assert not plan.changed and plan.code == "SS023"
    assert f"the image runs `{shown}`" in plan.reason and "would need the .NET SDK" in plan.reason


def test_build_output_runs_like_a_publish_folder():
    df = dockerfile("dotnet build -c Release -o /app/build", entry='["dotnet", "/app/build/App.dll"]')
    plan, out = convert(df, {"App.csproj": console(), "Program.cs": MAIN})
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/runtime:8.0"
    assert "COPY --from=build /app/build /app/build\n" in runtime_part(out)


def test_restore_and_intermediates_are_never_carried():
    files = {"App.csproj": web(), "Program.cs": MAIN, "obj/project.assets.json": "{}", "bin/Debug/net8.0/App.dll": "x",
             "nuget.config": "<configuration/>", "config/app.json": "{}"}
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . .\nRUN dotnet restore --locked-mode\n"
          "RUN dotnet test\nRUN dotnet publish -c Release -o out --no-restore\nENTRYPOINT [\"dotnet\", \"out/App.dll\"]\n")
    plan, out = convert(df, files)
    rt = runtime_part(out)
    assert "COPY --from=build /app/config /app/config\n" in rt
    for left in ("obj", "bin", "nuget.config", ".nuget", "Program.cs"):
        assert left not in rt


def test_alpine_sdk_gets_the_alpine_extra_runtime():
    plan, out = convert(dockerfile("dotnet publish -c Release -o out", image="mcr.microsoft.com/dotnet/sdk:8.0-alpine3.22"),
                        {"App.csproj": web(), "Program.cs": MAIN})
    assert runtime_part(out).startswith("FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine-extra\n")
    assert any(d.topic == "globalization" for d in plan.decisions)


def test_musl_runtime_identifier_gets_alpine_on_a_debian_sdk():
    df = dockerfile("dotnet publish -c Release -r linux-musl-x64 --self-contained -o out", entry='["./out/App"]')
    plan, _ = convert(df, {"App.csproj": console(), "Program.cs": MAIN})
    assert plan.runtime.base.ref == "mcr.microsoft.com/dotnet/runtime-deps:8.0-alpine-extra"


def test_net10_runs_on_the_noble_images_as_app_uid():
    df = dockerfile("dotnet publish -c Release -o out", image="mcr.microsoft.com/dotnet/sdk:10.0", after="USER $APP_UID\n")
    plan, out = convert(df, {"App.csproj": web("net10.0"), "Program.cs": MAIN})
    rt = runtime_part(out)
    assert rt.startswith("FROM mcr.microsoft.com/dotnet/aspnet:10.0\n") and plan.runtime.base.family == "ubuntu"
    assert "USER $APP_UID\n" in rt


def test_user_app_exists_in_the_runtime_image():
    plan, out = convert(dockerfile("dotnet publish -c Release -o out", after="USER app\n"), {"App.csproj": web(), "Program.cs": MAIN})
    assert plan.changed, plan.reason
    assert "USER app\n" in runtime_part(out)


def test_aspnet_before_8_needs_aspnetcore_urls_set_before_the_build():
    # The 6.0 SDK image clears ASPNETCORE_URLS; aspnet:6.0 sets http://+:80: the app would listen elsewhere.
    image = "mcr.microsoft.com/dotnet/sdk:6.0"
    plan, _ = convert(dockerfile("dotnet publish -c Release -o out", image=image), {"App.csproj": web("net6.0")})
    assert not plan.changed and "clears ASPNETCORE_URLS" in plan.reason
    df = (f"FROM {image}\nENV ASPNETCORE_URLS=http://+:5000\nWORKDIR /app\nCOPY . .\nRUN dotnet publish -c Release -o out\n"
          'ENTRYPOINT ["dotnet", "out/App.dll"]\n')
    plan_ok, out = convert(df, {"App.csproj": web("net6.0")})
    assert runtime_part(out).startswith("FROM mcr.microsoft.com/dotnet/aspnet:6.0\n")
    assert "ENV ASPNETCORE_URLS=http://+:5000\n" in runtime_part(out)


def test_packages_the_build_installed_are_installed_again():
    # System.Drawing loads libgdiplus by name at run time: what apt installed stays available.
    df = dockerfile("apt-get update && apt-get install -y --no-install-recommends libgdiplus && dotnet publish -c Release -o out")
    plan, out = convert(df, {"App.csproj": web(), "Program.cs": MAIN})
    assert plan.changed, plan.reason
    assert "libgdiplus" in runtime_part(out) and "apt-get install" in runtime_part(out)


def test_nuget_cache_mount_with_buildkit():
    plan, out = convert(dockerfile("dotnet publish -c Release -o out"), {"App.csproj": web()}, buildkit=True)
    assert "RUN --mount=type=cache,target=/root/.nuget/packages dotnet publish -c Release -o out\n" in out


def test_dotnet_is_a_registered_language():
    assert ".NET" in {e.language for e in ecosystems()}
    # A .NET build with a step no rule reads says which step, not "no rules for .NET builds yet".
    plan, _ = convert(dockerfile("dotnet tool install -g dotnet-ef && dotnet publish -c Release -o out"), {"App.csproj": web()})
    assert plan.code == "SS007" and "no rules for .NET" not in plan.reason


@pytest.mark.parametrize("ref, family, release, env", [
    ("mcr.microsoft.com/dotnet/sdk:8.0", "debian", "bookworm", {"APP_UID": "1654", "ASPNETCORE_HTTP_PORTS": "8080"}),
    ("mcr.microsoft.com/dotnet/sdk:9.0-alpine", "alpine", base_images.DEFAULT_ALPINE, {"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "false"}),
    ("mcr.microsoft.com/dotnet/sdk:10.0", "ubuntu", "noble", {"APP_UID": "1654"}),
    ("mcr.microsoft.com/dotnet/sdk:8.0-jammy", "ubuntu", "jammy", {"DOTNET_NOLOGO": "true"}),
    ("mcr.microsoft.com/dotnet/sdk", "ubuntu", "noble", {"ASPNETCORE_HTTP_PORTS": "8080"}),
    ("mcr.microsoft.com/dotnet/sdk:6.0", "debian", "bookworm", {"ASPNETCORE_URLS": ""}),
    ("mcr.microsoft.com/dotnet/sdk:8.0-azurelinux3.0", "unknown", "", {"APP_UID": "1654"}),
])
def test_sdk_image_defaults(ref, family, release, env):
    b = base_images.describe_build_image(ref)
    assert b.known and (b.family, b.release) == (family, release) and b.workdir == "/"
    assert env.items() <= dict(b.env).items()
    if "6.0" in ref:
        assert "APP_UID" not in dict(b.env)


def test_apphost_run_from_the_publish_folder_is_never_copied_alone():
    # WORKDIR into the publish folder, then ./App: the runtime stage must get the whole folder
    # (the app's dlls are beside its apphost); the WORKDIR does not hide what publish wrote.
    df = ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app/publish\n"
          'WORKDIR /app/publish\nENTRYPOINT ["./App"]\n')
    plan, out = convert(df, {"App.csproj": web(), "Program.cs": MAIN})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/publish /app/publish\n" in runtime_part(out)


def test_slnx_solution():
    slnx = '<Solution>\n  <Folder Name="/src/">\n    <Project Path="src/Api/Api.csproj" />\n  </Folder>\n</Solution>\n'
    plan, out = convert(dockerfile("dotnet publish App.slnx -c Release -o out", entry='["dotnet", "out/Api.dll"]'),
                        {"App.slnx": slnx, "src/Api/Api.csproj": web("net9.0"), "src/Api/Program.cs": MAIN})
    assert runtime_part(out).startswith("FROM mcr.microsoft.com/dotnet/aspnet:9.0\n")
