"""`python -m handout`: the same command as `handout` and `python build.py`."""

from handout.cli import run

run()
