#!/usr/bin/env python3
"""Build PDF handouts and EPUB ebooks from content/. Run `python build.py --help`."""

from handout.cli import run

if __name__ == "__main__":
    run()
