"""Windows container images are refused up front (SS026) with a reason that names what made them
Windows, rather than failing later on a command whose backslashes the analysis cannot read."""

from __future__ import annotations

import pytest

from .conftest import convert


@pytest.mark.parametrize("text, said", [
    ("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command Invoke-WebRequest "
     "https://aka.ms/vs/17/release/vs_buildtools.exe -OutFile C:\\TEMP\\vs_buildtools.exe\nCMD [\"C:\\\\app.exe\"]\n",
     "the base image mcr.microsoft.com/windows/servercore:ltsc2022 is a Windows image"),
    ("FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019\nRUN msbuild app.sln\nCMD [\"app.exe\"]\n",
     "is a Windows image"),
    ("FROM golang:1.22-nanoserver-ltsc2022\nRUN go build -o C:\\app.exe .\nCMD [\"C:\\\\app.exe\"]\n",
     "the base image golang:1.22-nanoserver-ltsc2022 is tagged as a Windows variant"),
    ('FROM golang:1.22\nSHELL ["cmd", "/S", "/C"]\nRUN go build -o /app .\nCMD ["/app"]\n',
     'line 2: SHELL cmd is a Windows shell'),
    ('FROM golang:1.22\nSHELL ["C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "-Command"]\n'
     'RUN go build -o /app .\nCMD ["/app"]\n', "is a Windows shell"),
])
def test_windows_images_are_refused_with_why(text, said):
    plan, out = convert(text, {"main.go": "package main\nfunc main() {}\n", "go.mod": "module x\n"})
    assert (plan.changed, plan.code) == (False, "SS026") and out == text
    assert plan.reason.startswith("Windows container images are not supported: ") and said in plan.reason


@pytest.mark.parametrize("text", [
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN echo windows nanoserver && go build -o /app .\nCMD ["/app"]\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nSHELL ["/bin/bash", "-c"]\nRUN go build -o /app .\nCMD ["/app"]\n',
])
def test_linux_images_that_mention_windows_are_not(go_app, text):
    plan, _ = convert(text, go_app)
    assert plan.code != "SS026" and plan.changed, plan.reason
