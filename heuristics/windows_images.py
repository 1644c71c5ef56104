"""Windows container images, told apart by name: Microsoft's Windows bases and the .NET Framework
images built on them, the Windows variants official images tag (golang:1.22-windowsservercore-ltsc2022,
-nanoserver), and the shells only Windows has. The planner refuses them up front (SS026): their
paths, shells and runtime bases are none the analysis knows."""

from __future__ import annotations

import re

REPOSITORIES = ("mcr.microsoft.com/windows", "mcr.microsoft.com/dotnet/framework/", "microsoft/windowsservercore",
                "microsoft/nanoserver", "microsoft/dotnet-framework")
_TAG = re.compile(r"servercore|nanoserver|ltsc20\d\d")
SHELLS = frozenset(("cmd", "cmd.exe", "powershell", "powershell.exe"))


def image(name: str) -> str:
    """Why the image NAME is a Windows one ("" if it is not)."""
    lowered = name.lower().split("@")[0]
    if lowered.startswith(REPOSITORIES):
        return f"the base image {name} is a Windows image"
    if _TAG.search(lowered.rsplit("/", 1)[-1].partition(":")[2]):
        return f"the base image {name} is tagged as a Windows variant"
    return ""


def shell(program: str) -> bool:
    """A SHELL's program ("cmd", "C:\\Windows\\...\\powershell.exe") that only Windows has."""
    return re.split(r"[\\/]", program)[-1].lower() in SHELLS
