"""Keeps the plugin checkout current: clones it the first time, pulls it afterwards."""
import os
import subprocess

PLUGIN_REPO = "https://git.example.com/bots/plugins.git"


def refresh_plugins(folder: str) -> None:
    if os.path.isdir(os.path.join(folder, ".git")):
        subprocess.run(["git", "-C", folder, "pull", "--ff-only"], check=True)
    else:
        subprocess.run(["git", "clone", "--depth", "1", PLUGIN_REPO, folder], check=True)
