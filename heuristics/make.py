"""`make` in RUN lines: the commands a readable Makefile runs, else where its outputs land.

- `make [TARGET...]` with a Makefile this module can read: the recipe lines of the goals and
  their prerequisites, handed back to the caller as shell commands (`read_makefile`), so a
  `go build -o bin/app .` in a recipe is the same artifact as in a RUN line.
- Otherwise `make [TARGET...]` writes below the directory it runs in (outputs not listed), and
  `make install` below $DESTDIR$PREFIX (PREFIX from the command line, the environment, else
  /usr/local: the GNU convention); a program found inside these trees is never taken as a
  built artifact, so the planner refuses rather than guess.

Example: `RUN make && make install PREFIX=/opt/tool` with an unreadable Makefile -> trees /src
(cwd) and /opt/tool; `RUN make build` whose `build:` recipe runs `go build -o bin/app .` -> the
program /src/bin/app.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence

from immutables import Map
from msgspec import Struct, field

from converter.shell import SimpleCommand

from . import CommandEffect, SourceView


def command_effect(cmd: SimpleCommand) -> CommandEffect | None:
    if posixpath.basename(cmd.name) not in ("make", "gmake"):
        return None
    assigns = dict(a.split("=", 1) for a in cmd.args if "=" in a and not a.startswith("-"))
    targets = [a for a in cmd.args if "=" not in a and not a.startswith("-")]
    cwd = cmd.cwd
    for i, a in enumerate(cmd.args):
        if a == "-C" and i + 1 < len(cmd.args):
            cwd = posixpath.normpath(posixpath.join(cmd.cwd, cmd.args[i + 1]))
            targets = [t for t in targets if t != cmd.args[i + 1]]
    trees = [cwd]
    if "install" in targets:
        env = cmd.envmap()
        prefix = assigns.get("PREFIX") or assigns.get("prefix") or env.get("PREFIX") or "/usr/local"
        destdir = assigns.get("DESTDIR") or env.get("DESTDIR") or ""
        trees.append(posixpath.normpath(destdir + "/" + prefix) if destdir else prefix)
    return CommandEffect(trees=tuple(trees), note=f"make {' '.join(targets) or '(default target)'}: outputs not listed")


# -- reading the Makefile -------------------------------------------------------------------------
#
# `make [TARGET...]` with a Makefile in the image is followed to the shell commands it runs: the
# goals (default: the first target), their prerequisites first, each target once; every recipe
# line is one `sh -c` in the make folder, after make's own expansion. The caller reads those
# commands with the same rules as a RUN line, so `go build -o bin/app .` in a recipe is the same
# artifact as in RUN. A small hand-written reader: no maintained PyPI library evaluates
# Makefiles (the `makefile` package only reads variables; tree-sitter-make gives a syntax tree
# but no expansion, rule choice or conditionals), and only this subset is needed. What it does
# not read (include, define, pattern or double-colon rules a goal needs, target-specific
# variables, eval, a file target whose freshness depends on timestamps) returns None: the trees
# above stand and nothing in them is taken as a program.

_FILES = ("GNUmakefile", "makefile", "Makefile")
_ASSIGN = re.compile(r"^((?:(?:override|export|private)\s+)*)([^\s:#=?+!$()]+|\$\([^)]*\))\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$")
_MAKE_FLAGS_WITH_VALUE = {"-f", "--file", "--makefile", "-C", "--directory", "-I", "--include-dir", "-o",
                          "--old-file", "--assume-old", "-W", "--what-if", "--new-file", "--assume-new", "-l",
                          "--load-average", "-O", "--output-sync", "--eval"}
_DRY_RUN = {"-n", "--just-print", "--dry-run", "--recon", "-q", "--question", "-p", "--print-data-base", "-v", "--version", "-h", "--help"}
_SUPPORTED_FUNCS = {"shell", "strip", "notdir", "dir", "addprefix", "addsuffix", "subst", "firstword", "lastword",
                    "patsubst", "filter", "filter-out", "sort", "basename", "suffix", "wildcard", "words", "word"}
# GNU make's built-in variables (`make -p -f /dev/null`) that C builds use; the environment and
# the Makefile override them.
BUILTIN_VARIABLES = {"CC": "cc", "CXX": "g++", "CPP": "$(CC) -E", "AR": "ar", "ARFLAGS": "rv", "AS": "as", "LD": "ld",
                     "RM": "rm -f", "LEX": "lex", "YACC": "yacc", "OUTPUT_OPTION": "-o $@",
                     "COMPILE.c": "$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
                     "COMPILE.cc": "$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
                     "COMPILE.cpp": "$(COMPILE.cc)",
                     "LINK.c": "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
                     "LINK.cc": "$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
                     "LINK.cpp": "$(LINK.cc)", "LINK.o": "$(CC) $(LDFLAGS) $(TARGET_ARCH)"}
# GNU make's built-in pattern rules for C and C++ (target pattern, prerequisite pattern, recipe).
BUILTIN_RULES = (
    ("%.o", "%.c", "$(COMPILE.c) $(OUTPUT_OPTION) $<"),
    ("%.o", "%.cc", "$(COMPILE.cc) $(OUTPUT_OPTION) $<"),
    ("%.o", "%.cpp", "$(COMPILE.cpp) $(OUTPUT_OPTION) $<"),
    ("%.o", "%.C", "$(COMPILE.cc) $(OUTPUT_OPTION) $<"),
    ("%", "%.o", "$(LINK.o) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    ("%", "%.c", "$(LINK.c) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    ("%", "%.cc", "$(LINK.cc) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    ("%", "%.cpp", "$(LINK.cpp) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
)
UNKNOWN_VALUE = "$(: make-function)"     # a value make computes with a function not read here


class _Unreadable(Exception):
    pass


class MakeRun(Struct, frozen=True, gc=False):
    cwd: str
    env: Map
    scripts: tuple[str, ...]    # one shell script per recipe line (the whole recipe with .ONESHELL)


class _Rule(Struct):
    prereqs: list[str] = field(default_factory=list)
    recipe: list[str] = field(default_factory=list)
    has_recipe: bool = False


def is_make(cmd: SimpleCommand) -> bool:
    return posixpath.basename(cmd.name) in ("make", "gmake")


def read_makefile(cmd: SimpleCommand, files: SourceView) -> MakeRun | None:
    """The recipe lines `cmd` runs, expanded; None when they cannot be read."""
    if not is_make(cmd) or not cmd.argv[0].known:
        return None
    # A job count known only at build time (`make -j$(nproc)`) changes nothing make writes.
    args = []
    words = cmd.argv[1:]
    for i, w in enumerate(words):
        prev = words[i - 1].text if i else ""
        if not w.known:
            if w.text.startswith(("-j", "--jobs=")) or prev in ("-j", "--jobs"):
                continue
            return None
        if w.text in ("-j", "--jobs") and i + 1 < len(words) and not words[i + 1].known:
            continue
        args.append(w.text)
    cwd, makefile, goals, assigns = cmd.cwd, None, [], {}
    env_first = always = False
    i = 0
    while i < len(args):
        a = args[i]
        key = a.split("=", 1)[0] if a.startswith("--") else a
        if a in _DRY_RUN:
            return MakeRun(cwd, Map(cmd.env), ())        # prints, runs nothing
        if key in _MAKE_FLAGS_WITH_VALUE or (a[:2] in ("-f", "-C", "-I", "-o", "-W") and len(a) > 2):
            inline = (a.startswith("--") and "=" in a) or (len(a) > 2 and not a.startswith("--"))
            if inline:
                val = a.split("=", 1)[1] if a.startswith("--") else a[2:]
            else:
                val = args[i + 1] if i + 1 < len(args) else ""
            step = 1 if inline else 2
            if key in ("-f", "--file", "--makefile"):
                makefile = val
            elif key in ("-C", "--directory"):
                cwd = posixpath.normpath(posixpath.join(cwd, val))
            elif key in ("--eval", "-o", "--old-file", "--assume-old", "-W", "--what-if", "--new-file", "--assume-new"):
                return None
            i += step
            continue
        if a in ("-t", "--touch"):
            return None
        if a in ("-j", "--jobs", "-l", "--load-average") and i + 1 < len(args) and args[i + 1].replace(".", "").isdigit():
            i += 2
            continue
        if a.startswith("-"):
            env_first = env_first or a in ("-e", "--environment-overrides")
            always = always or a in ("-B", "--always-make")
            i += 1
            continue
        if "=" in a:
            k, _, v = a.partition("=")
            assigns[k.rstrip(":")] = v
        else:
            goals.append(a)
        i += 1
    names = [makefile] if makefile else list(_FILES)
    text = None
    for n in names:
        text = files.read(posixpath.normpath(posixpath.join(cwd, n)))
        if text is not None:
            break
    if text is None:
        return None
    try:
        mk = _Makefile(text, dict(cmd.env), assigns, env_first, cwd, files.files_under)

        def made_here(t: str) -> bool:
            """A file an earlier RUN of this build wrote (`make` then `make install`): newer than
            the sources COPY brought, so make takes it as up to date."""
            return files.made_by_run(posixpath.normpath(posixpath.join(cwd, t)))
        mk.made_here = made_here
        scripts = mk.run(goals, always, lambda t: files.exists(posixpath.normpath(posixpath.join(cwd, t))))
        env = mk.exported_env()
    except (_Unreadable, RecursionError, ValueError):
        return None
    return MakeRun(cwd, Map(env), tuple(scripts))


class _Makefile:
    def __init__(self, text: str, env: dict[str, str], cmdline: dict[str, str], env_first: bool,
                 cwd: str = "/", listing: Callable[[str], Sequence[str]] | None = None):
        self.cwd = cwd
        self.listing = listing
        self.made_here: Callable[[str], bool] = lambda t: False
        self.env = env
        self.cmdline = cmdline
        self.env_first = env_first
        self.vars: dict[str, tuple[str, bool]] = {}     # name -> (value, recursive)
        self.origin: dict[str, str] = {}                # name -> "env" | "file" | "cmdline" | "override"
        self.exported: set[str] = set()
        self.unexported: set[str] = set()
        self.export_all = False
        self.rules: dict[str, _Rule] = {}
        self.order: list[str] = []
        self.phony: set[str] = set()
        self.oneshell = False
        self.default_goal: str | None = None
        for k, v in BUILTIN_VARIABLES.items():
            self.vars[k], self.origin[k] = (v, True), "default"
        for k, v in env.items():
            self.vars[k], self.origin[k] = (v.replace("$", "$$"), False), "env"
        for k, v in cmdline.items():
            self.vars[k], self.origin[k] = (v, True), "cmdline"
        self._parse(text)

    # -- reading -----------------------------------------------------------------------------
    def _lines(self, text: str):
        """Logical lines: (is_recipe, text). Continuations joined as make joins them."""
        raw = text.replace("\r\n", "\n").split("\n")
        i = 0
        while i < len(raw):
            line = raw[i]
            recipe = line.startswith("\t")
            while line.endswith("\\") and not line.endswith("\\\\") and i + 1 < len(raw):
                i += 1
                nxt = raw[i]
                if recipe:
                    line = line + "\n" + (nxt[1:] if nxt.startswith("\t") else nxt)
                else:
                    line = line[:-1].rstrip() + " " + nxt.lstrip()
            yield recipe, line
            i += 1

    def _parse(self, text: str) -> None:
        current: list[str] | None = None     # targets whose recipe is being read
        conds: list[bool] = []               # the truth of each open conditional
        taken: list[bool] = []               # whether a branch of it was already taken
        for recipe, line in self._lines(text):
            active = all(conds)
            if recipe and current is not None:
                if active:
                    for t in current:
                        self.rules[t].recipe.append(line[1:])
                        self.rules[t].has_recipe = True
                continue
            stripped = _strip_comment(line).strip()
            if not stripped:
                continue
            word = stripped.split(None, 1)[0]
            if word in ("ifeq", "ifneq", "ifdef", "ifndef"):
                truth = self._condition(word, stripped[len(word):].strip()) if active else False
                conds.append(truth)
                taken.append(truth)
                continue
            if word == "else":
                if not conds:
                    raise _Unreadable("else without if")
                rest = stripped[4:].strip()
                if rest:
                    w2 = rest.split(None, 1)[0]
                    if w2 not in ("ifeq", "ifneq", "ifdef", "ifndef"):
                        raise _Unreadable(rest)
                    outer = all(conds[:-1])
                    truth = (not taken[-1]) and outer and self._condition(w2, rest[len(w2):].strip())
                else:
                    truth = not taken[-1]
                conds[-1] = truth
                taken[-1] = taken[-1] or truth
                continue
            if word == "endif":
                if not conds:
                    raise _Unreadable("endif without if")
                conds.pop()
                taken.pop()
                continue
            if not active:
                continue
            if word in ("include", "-include", "sinclude", "define", "endef", "vpath", "undefine", "load", "-load"):
                if word == "vpath":
                    continue
                raise _Unreadable(word)
            if word in ("export", "unexport") and not _ASSIGN.match(stripped):
                names = stripped.split()[1:]
                if word == "export" and not names:
                    self.export_all = True
                for n in names:
                    (self.exported if word == "export" else self.unexported).add(self.expand(n))
                current = None
                continue
            m = _ASSIGN.match(stripped)
            if m and ":" not in m.group(2):
                self._assign(m.group(1).split(), self.expand(m.group(2)), m.group(3), m.group(4))
                current = None
                continue
            current = self._rule(stripped)

    def _condition(self, word: str, rest: str) -> bool:
        if word in ("ifdef", "ifndef"):
            name = self.expand(rest.strip())
            defined = bool(self.vars.get(name, ("", False))[0])
            return defined if word == "ifdef" else not defined
        a, b = _cond_args(rest)
        a, b = self.expand(a).strip(), self.expand(b).strip()
        if UNKNOWN_VALUE in a or UNKNOWN_VALUE in b or "$(" in a or "$(" in b:
            raise _Unreadable("a condition on a value make computes")
        return (a == b) if word == "ifeq" else (a != b)

    def _assign(self, mods: list[str], name: str, op: str, value: str) -> None:
        if "export" in mods:
            self.exported.add(name)
        override = "override" in mods
        prior = self.origin.get(name)
        if prior == "cmdline" and not override:
            return
        if prior == "env" and self.env_first and not override:
            return
        if op == "?=":
            if name in self.vars:
                return
            self.vars[name] = (value, True)
        elif op in (":=", "::=", ":::="):
            self.vars[name] = (self.expand(value).replace("$", "$$") if op == ":::=" else _escape(self.expand(value)), op == ":::=")
        elif op == "+=":
            old, recursive = self.vars.get(name, ("", True))
            add = value if recursive else _escape(self.expand(value))
            self.vars[name] = ((old + " " + add) if old else add, recursive)
        elif op == "!=":
            self.vars[name] = (_escape(f"$({value})"), False)
        else:
            self.vars[name] = (value, True)
        self.origin[name] = "override" if override else "file"

    def _rule(self, stripped: str) -> list[str]:
        head, sep, tail = _split_rule(stripped)
        if not sep:
            raise _Unreadable(f"a line that is neither a rule nor an assignment: {stripped}")
        if sep == "::":
            raise _Unreadable("a double-colon rule")
        targets = self.expand(head).split()
        recipe_inline = None
        if ";" in tail:
            tail, recipe_inline = tail.split(";", 1)
        tail = _strip_comment(tail)
        if _ASSIGN.match(tail.strip()) and "=" in tail:
            for t in targets:
                self.rules.setdefault(t, _Rule())
                self.rules[t].recipe.append(UNKNOWN_VALUE)   # target-specific variable: not read
            return []
        prereqs = self.expand(tail.replace("|", " ")).split()
        for t in targets:
            if t == ".PHONY":
                self.phony.update(prereqs)
                continue
            if t == ".ONESHELL":
                self.oneshell = True
                continue
            if t == ".EXPORT_ALL_VARIABLES":
                self.export_all = True
                continue
            rule = self.rules.setdefault(t, _Rule())
            rule.prereqs.extend(prereqs)
            if recipe_inline is not None:
                rule.recipe.append(recipe_inline.strip())
                rule.has_recipe = True
            if t not in self.order:
                self.order.append(t)
        return [t for t in targets if not t.startswith(".") or t in self.rules]

    # -- expansion ---------------------------------------------------------------------------
    def value(self, name: str, auto: Mapping[str, str], depth: int) -> str:
        if name in auto:
            return auto[name]
        if len(name) == 2 and name[0] in "@<^+?*" and name[1] in "DF":
            v = auto.get(name[0], "")
            return " ".join((posixpath.dirname(x) or ".") if name[1] == "D" else posixpath.basename(x) for x in v.split())
        if name == "MAKE":
            return "make"
        if name in ("CURDIR", "MAKEFLAGS", "MAKECMDGOALS", "MAKEFILE_LIST", "MAKELEVEL"):
            raise _Unreadable(f"$({name})")
        var = self.vars.get(name)
        if var is None:
            return ""
        return self.expand(var[0], auto, depth + 1) if var[1] else var[0].replace("$$", "$")

    def expand(self, text: str, auto: Mapping[str, str] | None = None, depth: int = 0) -> str:
        if depth > 50:
            raise _Unreadable("a variable that refers to itself")
        auto = auto or {}
        out: list[str] = []
        i = 0
        while i < len(text):
            c = text[i]
            if c != "$":
                out.append(c)
                i += 1
                continue
            if i + 1 >= len(text):
                out.append("$")
                break
            n = text[i + 1]
            if n == "$":
                out.append("$")
                i += 2
                continue
            if n in "({":
                close = ")" if n == "(" else "}"
                j, level = i + 2, 1
                while j < len(text) and level:
                    if text[j] == n:
                        level += 1
                    elif text[j] == close:
                        level -= 1
                    j += 1
                if level:
                    raise _Unreadable("an unclosed $(")
                body = text[i + 2:j - 1]
                out.append(self._ref(body, auto, depth))
                i = j
                continue
            out.append(self.value(n, auto, depth))
            i += 2
        return "".join(out)

    def _ref(self, body: str, auto: Mapping[str, str], depth: int) -> str:
        m = re.match(r"([a-z-]+)[ \t]+(.*)$", body, re.S)
        if m and m.group(1) in _FUNCS_ALL:
            fn, arg = m.group(1), m.group(2)
            if fn not in _SUPPORTED_FUNCS:
                return UNKNOWN_VALUE
            if fn == "shell":
                return "$(" + self.expand(arg, auto, depth + 1) + ")"
            parts = [self.expand(p, auto, depth + 1) for p in _split_args(arg)]
            if fn == "strip":
                return " ".join(parts[0].split())
            if fn == "notdir":
                return " ".join(posixpath.basename(x) for x in parts[0].split())
            if fn == "dir":
                return " ".join((posixpath.dirname(x) or ".") + "/" for x in parts[0].split())
            if fn == "firstword":
                return (parts[0].split() or [""])[0]
            if fn == "lastword":
                return (parts[0].split() or [""])[-1]
            if fn in ("addprefix", "addsuffix") and len(parts) == 2:
                return " ".join((parts[0] + x) if fn == "addprefix" else (x + parts[0]) for x in parts[1].split())
            if fn == "subst" and len(parts) == 3:
                return parts[2].replace(parts[0], parts[1])
            if fn == "patsubst" and len(parts) == 3:
                return " ".join(_patsubst(parts[0].strip(), parts[1].strip(), x) for x in parts[2].split())
            if fn in ("filter", "filter-out") and len(parts) == 2:
                pats = parts[0].split()
                keep = [x for x in parts[1].split() if any(_pattern_stem(p, x) is not None for p in pats)]
                return " ".join(keep if fn == "filter" else [x for x in parts[1].split() if x not in keep])
            if fn == "sort":
                return " ".join(sorted(set(parts[0].split())))
            if fn == "words":
                return str(len(parts[0].split()))
            if fn == "word" and len(parts) == 2 and parts[0].strip().isdigit():
                words = parts[1].split()
                n = int(parts[0])
                return words[n - 1] if 0 < n <= len(words) else ""
            if fn == "basename":
                return " ".join(re.sub(r"\.[^./]*$", "", x) for x in parts[0].split())
            if fn == "suffix":
                return " ".join(m.group(0) for x in parts[0].split() if (m := re.search(r"\.[^./]*$", x)))
            if fn == "wildcard":
                return self._wildcard(parts[0].split())
            return UNKNOWN_VALUE
        if ":" in body and "=" in body:
            # substitution reference $(VAR:.c=.o) / $(VAR:%.c=%.o)
            name, _, spec = body.partition(":")
            old, _, new = spec.partition("=")
            value = self._ref(name, auto, depth + 1)
            if UNKNOWN_VALUE in value:
                return UNKNOWN_VALUE
            old, new = self.expand(old, auto, depth + 1), self.expand(new, auto, depth + 1)
            if "%" not in old:
                old, new = "%" + old, "%" + new
            return " ".join(_patsubst(old, new, x) for x in value.split())
        return self.value(self.expand(body, auto, depth + 1), auto, depth)

    def _wildcard(self, patterns: list[str]) -> str:
        """$(wildcard PATTERN...): the image's files, sorted (GNU make 3.82+ sorts them)."""
        if self.listing is None:
            return UNKNOWN_VALUE
        out: list[str] = []
        for pat in patterns:
            full = posixpath.normpath(posixpath.join(self.cwd, pat))
            top = full.split("*")[0].split("?")[0].split("[")[0]
            top = top if top.endswith("/") else posixpath.dirname(top)
            hits = sorted({f for f in self.listing(top.rstrip("/") or "/")
                           if fnmatch.fnmatchcase(f, full) and f.count("/") == full.count("/")})
            out.extend(posixpath.relpath(h, self.cwd) if not pat.startswith("/") else h for h in hits)
        return " ".join(out)

    def _implicit(self, t: str, explicit: _Rule | None, exists: Callable[[str], bool]) -> tuple[_Rule, str] | None:
        """The pattern rule that makes T (the file's own pattern rules, old-style suffix rules,
        then make's built-in ones), with its stem; None when none applies."""
        candidates: list[tuple[str, list[str], list[str]]] = []
        for name, rule in self.rules.items():
            if "%" in name and rule.has_recipe:
                candidates.append((name, rule.prereqs, rule.recipe))
            m = re.fullmatch(r"(\.[A-Za-z0-9_+]+)(\.[A-Za-z0-9_+]+)?", name)
            if m and rule.has_recipe and not rule.prereqs and name not in (".PHONY", ".ONESHELL", ".DEFAULT_GOAL"):
                src, dst = m.group(1), m.group(2) or ""
                candidates.append(("%" + dst, ["%" + src], rule.recipe))
        candidates.extend((tp, [pp], [rec]) for tp, pp, rec in BUILTIN_RULES)
        for target_pat, prereq_pats, recipe in candidates:
            stem = _pattern_stem(target_pat, t)
            if stem is None or (target_pat == "%" and "." in posixpath.basename(t) and t.endswith((".o", ".c", ".h"))):
                continue
            prereqs = [p.replace("%", stem) for p in prereq_pats]
            if all(exists(p) or (p in self.rules and self.rules[p].has_recipe) or self._made_by_builtin(p, exists)
                   for p in prereqs[:1]) and all(exists(p) or p in self.rules for p in prereqs[1:]):
                extra = explicit.prereqs if explicit else []
                return _Rule(prereqs=prereqs + [p for p in extra if p not in prereqs], recipe=list(recipe),
                             has_recipe=True), stem
        return None

    def _made_by_builtin(self, p: str, exists: Callable[[str], bool]) -> bool:
        """Whether P is an object file a built-in rule makes from a source that exists."""
        for target_pat, prereq_pat, _ in BUILTIN_RULES:
            stem = _pattern_stem(target_pat, p)
            if stem is not None and target_pat != "%" and exists(prereq_pat.replace("%", stem)):
                return True
        return False

    # -- running -----------------------------------------------------------------------------
    def run(self, goals: list[str], always: bool, exists: Callable[[str], bool]) -> list[str]:
        default = self.default()
        goals = goals or ([default] if default else [])
        if not goals:
            raise _Unreadable("no target")
        done: set[str] = set()
        scripts: list[str] = []

        def visit(t: str, depth: int) -> None:
            if t in done or depth > 50:
                return
            done.add(t)
            rule = self.rules.get(t)
            stem = ""
            if (rule is None or not rule.has_recipe) and t not in self.phony and "%" not in t:
                found = self._implicit(t, rule, exists) if not (rule is None and exists(t)) else None
                if found is not None:
                    rule, stem = found
            if rule is None:
                if exists(t) or t in self.phony:
                    return
                raise _Unreadable(f"target {t} has no rule (an implicit or pattern rule would decide)")
            if "%" in t:
                raise _Unreadable("a pattern rule")
            for p in rule.prereqs:
                visit(p, depth + 1)
            if not rule.has_recipe:
                if UNKNOWN_VALUE in rule.recipe:
                    raise _Unreadable("a target-specific variable")
                return
            if t not in self.phony and exists(t) and not always:
                if not rule.prereqs or self.made_here(t):
                    return    # up to date: make runs nothing
                raise _Unreadable(f"whether {t} is up to date depends on file times")
            auto = {"@": t, "<": rule.prereqs[0] if rule.prereqs else "", "^": " ".join(dict.fromkeys(rule.prereqs)),
                    "+": " ".join(rule.prereqs), "?": " ".join(dict.fromkeys(rule.prereqs)), "*": stem, "|": ""}
            lines = []
            for r in rule.recipe:
                if r == UNKNOWN_VALUE:
                    raise _Unreadable("a target-specific variable")
                text = self.expand(r, auto)
                lines.append(text)
            if self.oneshell:
                body = "\n".join(lines)
                scripts.append(_strip_prefixes(body))
            else:
                for text in lines:
                    cmd = _strip_prefixes(text)
                    if cmd.strip():
                        scripts.append(cmd)

        for g in goals:
            visit(g, 0)
        return scripts

    def default(self) -> str | None:
        goal = self.vars.get(".DEFAULT_GOAL")
        if goal and goal[0].strip():
            return self.expand(goal[0]).strip()
        for t in self.order:
            if (not t.startswith(".") or "/" in t) and "%" not in t:
                return t
        return None

    def exported_env(self) -> dict[str, str]:
        """The environment recipes run with: make's own, plus command-line and exported variables."""
        out = dict(self.env)
        names = set(self.cmdline) | self.exported | {k for k, o in self.origin.items() if o == "env"}
        if self.export_all:
            names |= set(self.vars)
        for n in names - self.unexported:
            if n in self.vars and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
                out[n] = self.value(n, {}, 0)
        return out


_FUNCS_ALL = frozenset(
    "subst patsubst strip findstring filter filter-out sort word wordlist words firstword lastword dir notdir suffix "
    "basename addsuffix addprefix join wildcard realpath abspath error warning info shell origin flavor foreach if "
    "or and intcmp call eval file value let guile".split())


def _pattern_stem(pattern: str, word: str) -> str | None:
    """The part of WORD that % matches in PATTERN (None: no match; a pattern without % matches itself)."""
    if "%" not in pattern:
        return "" if pattern == word else None
    head, _, tail = pattern.partition("%")
    if word.startswith(head) and word.endswith(tail) and len(word) >= len(head) + len(tail):
        return word[len(head):len(word) - len(tail)]
    return None


def _patsubst(pattern: str, replacement: str, word: str) -> str:
    stem = _pattern_stem(pattern, word)
    if stem is None:
        return word
    return replacement.replace("%", stem, 1) if "%" in replacement else replacement


def _strip_comment(line: str) -> str:
    out, i = [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and line[i + 1] == "#":
            out.append("#")
            i += 2
            continue
        if line[i] == "#":
            break
        out.append(line[i])
        i += 1
    return "".join(out)


def _escape(value: str) -> str:
    return value.replace("$", "$$")


def _strip_prefixes(cmd: str) -> str:
    """A recipe line without make's own prefixes (@ silent, - ignore errors, + always run)."""
    return re.sub(r"^[ \t@+-]*", "", cmd)


def _split_rule(line: str) -> tuple[str, str, str]:
    """targets, ':' or '::', the rest; the colon outside $(...)."""
    level = 0
    for i, c in enumerate(line):
        if c in "({":
            level += 1
        elif c in ")}":
            level -= 1
        elif c == ":" and level == 0:
            if line[i + 1:i + 2] == "=":
                return line, "", ""
            sep = "::" if line[i + 1:i + 2] == ":" else ":"
            return line[:i], sep, line[i + len(sep):]
    return line, "", ""


def _split_args(arg: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    level = 0
    for c in arg:
        if c in "({":
            level += 1
        elif c in ")}":
            level -= 1
        if c == "," and level == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


def _cond_args(rest: str) -> tuple[str, str]:
    rest = rest.strip()
    if rest.startswith("(") and rest.endswith(")"):
        parts = _split_args(rest[1:-1])
        if len(parts) == 2:
            return parts[0], parts[1]
    m = re.fullmatch(r"""(["'])(.*?)\1\s+(["'])(.*?)\3""", rest)
    if m:
        return m.group(2), m.group(4)
    raise _Unreadable(f"a condition this reader does not parse: {rest}")
