"""The Chinese, Japanese and Korean fonts, made at setup from Debian's fonts-noto-cjk.

Noto Sans CJK is two 20 MB collections (Regular, Bold), one font per region: too big for git,
and a PDF embedding a font straight from one is up to twice the size (224 KB, not 128 KB, for
400 Chinese characters). So `make fonts` cuts the SC, TC, JP and KR fonts down to their regions'
character lists (fonts/cjk-characters/*.txt) into the git-ignored fonts/cjk/ (`handout fonts`
installed; `make fonts` in a checkout). pins.json holds the
checksums of the lists and of Debian's collections: the same pins give byte-identical fonts, so
PDFs, on every machine; another collection is refused until it is re-pinned (--repin)."""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from handout.resources import CJK_FONTS, FONTS

LISTS = FONTS / "cjk-characters"
PINS = LISTS / "pins.json"
STAMP = CJK_FONTS / ".stamp"
DEBIAN_PACKAGE = "fonts-noto-cjk"
DPKG_QUERY = ["dpkg-query", "-W", "-f=${Version}", DEBIAN_PACKAGE]
SOURCES = {style: f"/usr/share/fonts/opentype/noto/NotoSansCJK-{style}.ttc" for style in ("Regular", "Bold")}
FAMILIES = {"sc": "Noto Sans CJK SC", "tc": "Noto Sans CJK TC", "jp": "Noto Sans CJK JP", "kr": "Noto Sans CJK KR"}
OUTPUTS = {f"NotoSansCJK{region}-{style}.otf": (region, style) for region in FAMILIES for style in SOURCES}

# Every character each region's national standard encodes (its two-byte range), from Python's codecs.
ROWS = range(0xA1, 0xFF)
STANDARDS = {"sc": ("gb2312", ROWS, ROWS), "tc": ("big5", range(0x81, 0xFF), [*range(0x40, 0x7F), *ROWS]),
             "jp": ("euc_jp", ROWS, ROWS), "kr": ("euc_kr", ROWS, ROWS)}
# Besides: ASCII, Latin-1, general and CJK punctuation, kana, half- and full-width forms (EUC-JP's 0x8E too).
SHARED = [range(0x20, 0x7F), range(0xA0, 0x100), range(0x2000, 0x2070), range(0x3000, 0x3100), range(0xFF00, 0xFFF0)]


class SetupError(Exception):
    """A one-line reason the CJK fonts cannot be made, for the command line."""


def standard_characters(region: str) -> set[int]:
    """The code points of a region's list: its standard plus the shared ranges (assigned, not controls)."""
    codec, leads, trails = STANDARDS[region]
    points = {point for block in SHARED for point in block}
    for pair in (bytes((lead, trail)) for lead in leads for trail in trails):
        try:
            points.update(map(ord, pair.decode(codec)))
        except UnicodeDecodeError:
            pass  # not a character of the standard
    return {point for point in points if unicodedata.category(chr(point)) not in ("Cn", "Cc", "Cs")}


def list_line(point: int) -> str:
    """A list's line, in pyftsubset's --unicodes-file form: the character itself only as a comment,
    and only when visible (no bidi controls or lone marks in the file), else its name."""
    char = chr(point)
    shown = char if unicodedata.category(char)[0] in "LNPS" else unicodedata.name(char, "")
    return f"U+{point:04X}  # {shown}\n" if shown else f"U+{point:04X}\n"


def read_list(path: Path) -> set[int]:
    """The code points of a character list file."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").split("\n"))
    return {int(line.removeprefix("U+"), 16) for line in lines if line}


def sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def debian_version() -> str:
    """The installed fonts-noto-cjk's Debian version ('unknown' off Debian)."""
    try:
        return subprocess.run(DPKG_QUERY, capture_output=True, text=True, check=False).stdout.strip() or "unknown"
    except OSError:  # no dpkg: not Debian
        return "unknown"


def check_lists(pins: dict, lists: Path = LISTS) -> None:
    """Refuse a character list that differs from its pin: it would silently change every CJK PDF."""
    for pin in pins.values():
        path = lists / pin["characters"]
        if not path.is_file() or sha256(path) != pin["characters_sha256"]:
            raise SetupError(f"{path} does not match its pin in {PINS.name}: restore it (`git checkout -- "
                             "fonts/cjk-characters`) or rewrite and re-pin it (`python -m handout.cjk_fonts --repin`)")


def require(source: str) -> Path:
    if Path(source).is_file():
        return Path(source)
    raise SetupError(f"{source} is missing: install Debian's {DEBIAN_PACKAGE} (`sudo apt-get install "
                     f"{DEBIAN_PACKAGE}`; in a checkout `make runtime-deps`)")


def check_sources(pins: dict) -> None:
    """Refuse a collection other than the pinned one: its fonts, and so the PDFs, would differ."""
    for source, pin in {pin["source"]: pin for pin in pins.values()}.items():  # each collection once
        if sha256(require(source)) != pin["source_sha256"]:
            raise SetupError(f"{source} is not the pinned file ({DEBIAN_PACKAGE} {pin['debian_version']} pinned, "
                             f"{debian_version()} installed): the CJK PDFs would not be byte-identical to other "
                             "machines'; accept it with `python -m handout.cjk_fonts --repin`")


def extract(source: str, family: str):
    """The font of the collection whose family name is `family` (by the name table, not by position)."""
    from fontTools.ttLib import TTCollection, TTFont
    # Neither the timestamp (it would break determinism) nor the bounding boxes are recalculated
    # (that doubles the time; the whole font's boxes still enclose every glyph of the subset).
    with TTCollection(source, lazy=True) as collection:
        numbers = [n for n, font in enumerate(collection.fonts) if font["name"].getDebugName(1) == family]
    if not numbers:
        raise SetupError(f"{source} holds no font named {family!r}")
    return TTFont(source, fontNumber=numbers[0], recalcTimestamp=False, recalcBBoxes=False, lazy=True)


def subset(source: str, family: str, points: set[int], out: Path) -> None:
    """Write the font `family` of `source`, cut down to `points`, to `out` (same inputs, same bytes)."""
    from fontTools import subset as fontsubset
    # All layout features (vert, locl, palt...: vertical text, regional forms); no hints (15% smaller).
    options = fontsubset.Options(layout_features=["*"], hinting=False, notdef_outline=True, recalc_timestamp=False)
    font = extract(source, family)
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out.with_suffix(".tmp"))  # then rename: an interrupted run leaves no half-written font
    out.with_suffix(".tmp").replace(out)


def make_one(name: str, pin: dict) -> str:
    """Subset one output from its pin; returns its sha256 (run in a worker process)."""
    subset(pin["source"], pin["family"], read_list(LISTS / pin["characters"]), CJK_FONTS / name)
    return sha256(CJK_FONTS / name)


def stamp_for(pins: dict) -> dict:
    import fontTools  # another fontTools may cut different bytes
    return {"fonttools": fontTools.version, "pins": pins}


def up_to_date(pins: dict) -> bool:
    """The outputs exist, were made from these pins by this fontTools, and are unchanged since."""
    stamp = json.loads(STAMP.read_text(encoding="utf-8")) if STAMP.is_file() else {}
    outputs = stamp.pop("outputs", {})
    return (stamp == stamp_for(pins) and sorted(outputs) == sorted(OUTPUTS)
            and all((CJK_FONTS / n).is_file() and sha256(CJK_FONTS / n) == digest for n, digest in outputs.items()))


def repin() -> dict:
    """Write the character lists from the codecs and pin them with the installed collections."""
    for region in FAMILIES:
        lines = map(list_line, sorted(standard_characters(region)))
        (LISTS / f"{region}.txt").write_text("".join(lines), encoding="utf-8")
    version = debian_version()
    pins = {name: {"family": FAMILIES[region], "characters": f"{region}.txt",
                   "characters_sha256": sha256(LISTS / f"{region}.txt"), "source": SOURCES[style],
                   "source_sha256": sha256(require(SOURCES[style])), "debian_package": DEBIAN_PACKAGE,
                   "debian_version": version}
            for name, (region, style) in OUTPUTS.items()}
    PINS.write_text(json.dumps(pins, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return pins


def set_up(check_only: bool = False, workers: int | None = None, done=None) -> str:
    """Make the fonts unless they are up to date; returns what was done. `done(name)` hears of
    each face as it is written (the command's progress bar)."""
    if not PINS.is_file():
        raise SetupError(f"{PINS} is missing: restore it (`git checkout -- fonts/cjk-characters`)")
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    check_lists(pins, LISTS)  # the module's LISTS at call time (tests point it elsewhere)
    if up_to_date(pins):
        return "CJK fonts are up to date"
    if check_only:
        raise SetupError(f"CJK fonts in {CJK_FONTS} are missing or stale: run `handout fonts` "
                         "(in a checkout: `make fonts`)")
    check_sources(pins)
    STAMP.unlink(missing_ok=True)  # no stamp while the outputs are being replaced
    digests = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(make_one, name, pin): name for name, pin in pins.items()}
        for future in as_completed(futures):
            digests[futures[future]] = future.result()
            if done:
                done(futures[future])
    digests = {name: digests[name] for name in pins}  # the stamp in the pins' order, whatever finished first
    STAMP.write_text(json.dumps(stamp_for(pins) | {"outputs": digests}, indent=2) + "\n", encoding="utf-8")
    return f"made {len(digests)} CJK fonts in {CJK_FONTS}"


def progress(total: int):
    """A progress bar on a terminal (the cold run takes minutes); in a pipe or a log, a line per face.
    Returns (tell it a face is done, close it)."""
    if sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=total, unit="face", desc="cutting the CJK faces", file=sys.stderr, leave=False,
                   mininterval=0)  # eight updates in minutes: draw each
        return (lambda name: bar.update(1)), bar.close
    made = []

    def line(name: str) -> None:
        made.append(name)
        print(f"{name}: made ({len(made)} of {total})", file=sys.stderr, flush=True)
    return line, lambda: None


def main(argv: list[str] | None = None, prog: str = "python -m handout.cjk_fonts") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0] + " Takes a few minutes, "
                                     "once; then nothing to do until the pins change.")
    parser.add_argument("--check", action="store_true", help="only verify the fonts; exit 1 if they need making")
    parser.add_argument("--repin", action="store_true", help="rewrite the lists; pin them and Debian's collections")
    args = parser.parse_args(argv)
    tell, close = progress(len(OUTPUTS))
    try:
        if args.repin:
            repin()
        print(set_up(check_only=args.check, done=tell))
    except SetupError as problem:
        sys.exit(f"{prog}: error: {problem}")  # one line on stderr, exit status 1
    finally:
        close()
    return 0


if __name__ == "__main__":
    main()
