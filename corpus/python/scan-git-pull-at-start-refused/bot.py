"""A chat bot that refreshes its plugin repository before it starts."""
import importlib
import sys

from updater import refresh_plugins

PLUGINS = "plugins"


def main() -> None:
    refresh_plugins(PLUGINS)
    sys.path.insert(0, PLUGINS)
    for name in ("greetings", "weather"):
        importlib.import_module(name).register()


if __name__ == "__main__":
    main()
