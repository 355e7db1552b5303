"""The package keeps the shape docs/architecture.md describes: a folder per stage, no import
cycles (lazy imports inside functions count too), modules under about 400 lines, and every
module named in the architecture guide."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "handout"
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """handout.x.y -> its file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The package modules a file imports, anywhere in it (a package's own __init__ aside)."""
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from handout.read import schema` names a module; `from handout.x import f` a function in x.
            named |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                      for alias in node.names}
    return {name for name in named if name in known and known[name].name != "__init__.py"}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as the path that closes it."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for following in sorted(graph[node]):
            if state.get(following) == "open":
                found.append(path[path.index(following):] + [following])
            elif following not in state:
                visit(following, path + [following])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_module_imports_itself_back_through_others():
    known = modules()
    graph = {name: imports_of(path, known) - {name} for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


def test_the_stages_have_their_folders_and_modules_stay_short():
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"} == \
        {"read", "render", "write", "check"}
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_architecture_guide_names_every_module():
    guide = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listing = guide[guide.index("```"):guide.index("```", guide.index("```") + 3)]
    folder, named = "", set()
    for line in listing.splitlines():  # "  read/" opens a folder; a module at two spaces closes it
        if match := re.match(r"^  (\w+)/", line):
            folder = match.group(1) + "/"
            continue
        if re.match(r"^  \w+\.py", line):
            folder = ""
        named |= {folder + name for name in re.findall(r"\b(\w+\.py)\b", line)}
    actual = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if path.name != "__init__.py"}
    actual -= {"__main__.py"}
    assert sorted(actual - named) == []
