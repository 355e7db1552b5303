"""The builder's own templates, styles and fonts: inside the installed package (a wheel ships
them as handout/templates, handout/styles and handout/fonts), or at the top of a checkout,
where they are edited. Every file the build uses is listed here, so that a missing one stops
the build with an error that says how to mend the installation, never a silent fallback."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

SETTINGS_FILE = "handout.yaml"  # a practice's settings (read/project_settings.py)

# Everything the built-in design reads; tests/test_wheel.py holds the wheel and the checkout to this list.
REQUIRED = {
    "templates": ("print.html.j2", "book.html.j2", "cover.html.j2", "parts/blocks.j2",
                  "epub/article.xhtml.j2", "epub/nav.xhtml.j2", "new/article.md",
                  "preview/page.html.j2", "preview/index.html.j2", "preview/preview.js"),
    "styles": ("faces.css", "print.css", "large-print.css", "book.css", "epub.css", "preview.css"),
    "fonts": ("fonts.conf", "LICENSE.txt", "NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Bold.ttf",
              "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Italic.ttf", "NotoSans-Bold.ttf",
              "NotoSansMono-Regular.ttf",
              "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Regular.ttf",
              "NotoSansArabic-Bold.ttf", "NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf",
              "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", "NotoSerifDevanagari-Regular.ttf",
              "NotoSerifDevanagari-Bold.ttf", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
              "NotoSerifBengali-Regular.ttf", "NotoSerifBengali-Bold.ttf", "NotoSansBengali-Regular.ttf",
              "NotoSansBengali-Bold.ttf", "NotoSerifThai-Regular.ttf", "NotoSerifThai-Bold.ttf",
              "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
              # What `make fonts` (handout/cjk_fonts.py) cuts the CJK fonts down to, and its pins.
              "cjk-characters/sc.txt", "cjk-characters/tc.txt", "cjk-characters/jp.txt", "cjk-characters/kr.txt",
              "cjk-characters/pins.json"),
}


def resource_root() -> Path:
    """The folder that holds templates/, styles/ and fonts/: the package itself when installed
    from a wheel, else the checkout the package sits in."""
    package = Path(str(files("handout")))
    return package if (package / "templates").is_dir() else package.parent


ROOT = resource_root()
TEMPLATES = ROOT / "templates"
STYLES = ROOT / "styles"
FONTS = ROOT / "fonts"
CJK_FONTS = FONTS / "cjk"  # made by `make fonts` (handout/cjk_fonts.py), git-ignored
# The faces handout/cjk_fonts.py makes there: Noto Sans CJK SC, TC, JP and KR, Regular and Bold.
CJK_FILES = tuple(f"NotoSansCJK{region}-{style}.otf"
                  for region in ("sc", "tc", "jp", "kr") for style in ("Regular", "Bold"))
CJK_SETUP = "CJK fonts are not set up: run `handout fonts` once (in a checkout: `make fonts`)"


def missing_resources(root: Path = ROOT) -> list[str]:
    """The files of REQUIRED that are not under `root` (none in a sound installation)."""
    return [f"{folder}/{name}" for folder, names in REQUIRED.items() for name in names
            if not (root / folder / name).is_file()]


def missing_cjk_fonts(folder: Path = CJK_FONTS) -> list[str]:
    """The CJK faces not yet made in `folder` (all of them on a fresh clone before `make fonts`);
    an article in Chinese, Japanese or Korean needs them: say CJK_SETUP when this is not empty."""
    return [name for name in CJK_FILES if not (folder / name).is_file()]


def installation_problem(root: Path = ROOT) -> str:
    """What is wrong with this installation of handout, in words that say how to mend it ('' if nothing)."""
    missing = missing_resources(root)
    if not missing:
        return ""
    shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
    return (f"handout's own files are missing from {root}: {shown}; reinstall it "
            "(`pipx reinstall handout`, or `pip install --force-reinstall handout`), "
            "or in a checkout restore them with `git checkout -- templates styles fonts`")


def settings_candidates(source: Path) -> list[Path]:
    """Where the handout.yaml for an article or book may be, nearest first: in its folder, else
    in the folders above it (a practice's folder holding content/ and its topic folders)."""
    folder = Path(os.path.abspath(source)).parent
    return [place / SETTINGS_FILE for place in (folder, *folder.parents)]
