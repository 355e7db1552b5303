"""The appearance streams the build writes for a worksheet's form fields: what a reader shows
and prints for a field until someone fills it (and for a box or a mark, ticked or not).

Readers draw a text field's typed answer themselves, each with its own line spacing; only an
empty field's look is the build's: for a prompt, the ruled lines a pen writes on. Once an
answer is typed the reader draws the field anew, without them, so a rule never strikes
through typed text, and a blank copy still prints its lines."""

from __future__ import annotations

TICK_WIDTH = 1.4  # pt: a tick as a pen would make it, heavier than the box around it
RING_WIDTH = 2.2  # pt: a chosen mark is circled over its printed ring, the number left clear


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def empty_text(width: float, height: float, rules: list[tuple[float, float]]) -> bytes:
    """An empty text field: its ruled lines, each (pt down from its top, line width), then
    the marked content a reader replaces with the answer."""
    drawn = "".join(f"q 0 G {number(weight)} w 0 {number(height - offset)} m {number(width)} "
                    f"{number(height - offset)} l S Q\n" for offset, weight in rules if 0 < offset <= height)
    return f"{drawn}/Tx BMC\nEMC\n".encode("ascii")


def tick(width: float, height: float) -> bytes:
    """A ticked box: a stroked tick inside the printed box."""
    points = [(0.2, 0.52), (0.42, 0.26), (0.82, 0.8)]
    path = " ".join(f"{number(x * width)} {number(y * height)} {'m' if i == 0 else 'l'}"
                    for i, (x, y) in enumerate(points))
    return f"q 0 G {number(TICK_WIDTH)} w 1 J 1 j {path} S Q\n".encode("ascii")


def ring(width: float, height: float) -> bytes:
    """A chosen mark: a heavy ring drawn over the printed circle (four Bézier quarters)."""
    radius = min(width, height) / 2 - RING_WIDTH / 2
    cx, cy, k = width / 2, height / 2, radius * 0.5523
    path = (f"{number(cx + radius)} {number(cy)} m "
            f"{number(cx + radius)} {number(cy + k)} {number(cx + k)} {number(cy + radius)} {number(cx)} {number(cy + radius)} c "
            f"{number(cx - k)} {number(cy + radius)} {number(cx - radius)} {number(cy + k)} {number(cx - radius)} {number(cy)} c "
            f"{number(cx - radius)} {number(cy - k)} {number(cx - k)} {number(cy - radius)} {number(cx)} {number(cy - radius)} c "
            f"{number(cx + k)} {number(cy - radius)} {number(cx + radius)} {number(cy - k)} {number(cx + radius)} {number(cy)} c")
    return f"q 0 G {number(RING_WIDTH)} w {path} S Q\n".encode("ascii")


def nothing() -> bytes:
    """The off state of a box or a mark: the printed box or circle (on the page) shows alone."""
    return b""
