"""`handout new content/<slug>.md` (in a checkout, `build.py new`): a complete example article
to start from, which builds `ok` as it stands (templates/new/article.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from string import Template

from handout.resources import TEMPLATES

EXAMPLE = TEMPLATES / "new" / "article.md"


def new_article(argv: list[str], program: str = "handout") -> int:
    """Write the example article at the path given; never over an existing file (`program`: the
    command as typed, for the hint)."""
    made = argparse.ArgumentParser(prog=f"{program} new",
                                   description="Write a complete example article to start from.")
    made.add_argument("path", metavar="PATH", help="the new article, e.g. content/sleep-worries.md")
    made.add_argument("--title", help="its title (default: from the file name)")
    args = made.parse_args(argv)
    path = Path(args.path)
    if path.suffix.lower() != ".md":
        made.error(f"{path}: an article's file name ends in .md")
    if path.exists():
        print(f"{path}: error: already exists; nothing written (choose another name)", file=sys.stderr)
        return 1
    title = args.title or re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or "Untitled"
    text = Template(EXAMPLE.read_text(encoding="utf-8")).substitute(
        title=json.dumps(title, ensure_ascii=False),  # a double-quoted YAML string, whatever the title holds
        date=dt.date.today().isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never over a file made meanwhile
            handle.write(text)
    except FileExistsError:
        print(f"{path}: error: already exists; nothing written (choose another name)", file=sys.stderr)
        return 1
    print(f"{path}: written; build it with: {command_for(program)} {path}")
    return 0


def command_for(program: str) -> str:
    """The command as a user types it again: `python build.py` in a checkout, else `handout`."""
    return f"python {program}" if program.endswith(".py") else program


def start_hint(program: str) -> str:
    """What to do in a folder with no article yet."""
    return f"to start one: {command_for(program)} new content/<slug>.md"
