"""bashlex, imported with its parser tables read from a per-user cache instead of rebuilt.

Why: bashlex builds its LALR tables with its own copy of PLY's yacc at every import (about
150 ms, most of a single-file run), and that copy has no code that reads the `parsetab.py` it
ships: neither bashlex nor its yacc offers a switch to use saved tables. So, without patching
site-packages, this module imports bashlex with `yacc.yacc` replaced for the duration of that
import by a function that returns a parser made from tables saved by an earlier run, keyed by
the name, size and modification time of each of bashlex's source files and the Python version
(another bashlex, or an edited one, gets tables of its own). When there are none, or they cannot be read, or they do not fit the grammar, the tables
are built by bashlex's yacc as usual and saved for the next run; when anything here fails,
bashlex is imported the ordinary way. The parser is the same object either way: bashlex's
`LRParser` over the same action, goto and production tables (tests/test_start_path.py checks
that the saved tables equal the built ones).

The tables are kept by converter/user_cache.py (where, in which format, whose files are read);
a damaged entry, or one whose tables do not fit the grammar, makes the tables be built again.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType, SimpleNamespace
from typing import Any

from . import user_cache

FORMAT = 1   # of the cache file; a change here makes every saved file a miss


def import_bashlex() -> ModuleType:
    """`bashlex`, imported (once per process) with cached parser tables when possible."""
    if "bashlex.parser" in sys.modules:
        return sys.modules["bashlex"]
    try:
        return _import_with_cache()
    except Exception:   # anything unexpected in bashlex's layout: its own import, tables rebuilt
        for name in [m for m in sys.modules if m == "bashlex" or m.startswith("bashlex.")]:
            del sys.modules[name]
        import bashlex
        return bashlex


def _import_with_cache() -> ModuleType:
    import importlib.util

    spec = importlib.util.find_spec("bashlex")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ImportError("bashlex is not installed")
    # The package object first, without running its __init__ (which imports the parser, which
    # builds the tables), so that bashlex.yacc can be imported and its yacc() replaced before.
    package = importlib.util.module_from_spec(spec)
    sys.modules["bashlex"] = package
    yacc: Any = importlib.import_module("bashlex.yacc")
    folder = list(spec.submodule_search_locations)[0]
    original = yacc.yacc

    def cached_yacc(**kwargs):
        caller = sys._getframe(1).f_globals     # bashlex.parser's namespace: its p_* rules
        sources = [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".py") and n != "parsetab.py"]
        name = user_cache.entry("bashlex", sources, FORMAT)
        parser = _from_cache(yacc, user_cache.read(name), caller)
        if parser is None:
            parser = original(module=sys.modules[caller["__name__"]], **kwargs)
            user_cache.write(name, tables(parser))
        yacc.parse = parser.parse                # as bashlex's yacc() leaves it
        return parser

    yacc.yacc = cached_yacc
    try:
        spec.loader.exec_module(package)
    finally:
        yacc.yacc = original
    return package


def _from_cache(yacc: ModuleType, data: Any, rules: dict):
    """bashlex's parser over saved tables DATA, or None when there are none or they cannot be used."""
    if data is None:
        return None
    try:
        action = {int(state): dict(moves) for state, moves in data["action"].items()}
        goto = {int(state): dict(moves) for state, moves in data["goto"].items()}
        productions = []
        for number, (name, symbols, func) in enumerate(data["productions"]):
            if func is not None and not callable(rules.get(func)):
                return None                      # saved for another grammar
            p = yacc.Production(number, name, symbols, func=func)
            p.bind(rules)
            productions.append(p)
        if not all(isinstance(v, int) for moves in (*action.values(), *goto.values()) for v in moves.values()):
            return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    table = SimpleNamespace(lr_productions=productions, lr_action=action, lr_goto=goto)
    return yacc.LRParser(table, rules.get("p_error"))


def tables(parser) -> dict:
    """The data of a built parser, before bashlex adjusts its action table after the build."""
    return {
        "action": {state: dict(moves) for state, moves in parser.action.items()},
        "goto": {state: dict(moves) for state, moves in parser.goto.items()},
        "productions": [[p.name, list(p.prod), p.func] for p in parser.productions],
    }
