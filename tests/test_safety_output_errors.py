"""Where outputs cannot go: an output "folder" that is a file or a device, a folder that cannot
be written, a full disk while writing outputs, the build state or the --json report, a --json
file in a missing folder. Each is a clear error naming its path, exit 1 or 2, no traceback, and
earlier outputs stay (issue 26, item 7)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import write_article

import handout.write.output_files as output_files
from handout.cli import main
from handout.incremental import STATE_NAME

GOOD = "---\ntitle: Good\n---\n\nGood text, version {}.\n"


@pytest.fixture
def article(tmp_path) -> Path:
    return write_article(tmp_path, "a.md", GOOD.format(1))


def run(capsys, *args: str) -> tuple[int, str]:
    try:
        status = main([*args, "-j", "1"])
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return status, err


@pytest.mark.parametrize("output", ["/dev/null", "a-file", "a-file/below"])
def test_an_output_folder_that_is_a_file_or_a_device_is_a_usage_error(article, capsys, output):
    (article.parent / "a-file").write_text("not a folder", encoding="utf-8")
    target = output if output.startswith("/") else str(article.parent / output)
    status, err = run(capsys, str(article), "-o", target)
    assert status == 2 and f"-o {target}: " in err
    assert (article.parent / "a-file").read_text(encoding="utf-8") == "not a folder"


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(article, capsys):
    status, err = run(capsys, str(article), "-o", "/proc/no-such-folder/out")
    assert status == 2 and "-o /proc/no-such-folder/out: cannot make the folder" in err


def fail_writes(monkeypatch, matches, code: int) -> list[str]:
    """Make write_atomic fail with `code` for targets whose name `matches`; return those tried."""
    tried = []
    real = output_files.write_atomic

    def failing(target: Path, data: bytes) -> None:
        if matches(Path(target).name):
            tried.append(str(target))
            raise OSError(code, os.strerror(code), str(target))
        real(target, data)
    monkeypatch.setattr(output_files, "write_atomic", failing)
    return tried


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_outputs_that_cannot_be_written_are_errors_naming_them_and_earlier_outputs_stay(
        article, tmp_path, capsys, monkeypatch, code):
    out = tmp_path / "out"
    assert run(capsys, str(article), "-o", str(out))[0] == 0
    before = {name: (out / name).read_bytes() for name in ("a.pdf", "a.epub")}
    article.write_text(GOOD.format(2), encoding="utf-8")
    tried = fail_writes(monkeypatch, lambda name: name.endswith((".pdf", ".epub")), code)
    status, err = run(capsys, str(article), "-o", str(out))
    assert status == 1 and tried
    assert f"{article}: error: cannot write {tried[0]}: {os.strerror(code)}" in err
    assert {name: (out / name).read_bytes() for name in before} == before


def test_a_full_disk_while_saving_the_build_state_names_the_state_file(article, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    tried = fail_writes(monkeypatch, lambda name: name == STATE_NAME, errno.ENOSPC)
    status, err = run(capsys, str(article), "-o", str(out))
    assert status == 1 and tried == [str(out / STATE_NAME)]
    assert f"{out / STATE_NAME}: error: cannot save the build state: No space left on device" in err
    assert (out / "a.pdf").is_file()  # the outputs were written; only the record of them was not


def test_json_into_a_missing_folder_is_a_usage_error_before_anything_is_built(article, tmp_path, capsys):
    status, err = run(capsys, str(article), "-o", str(tmp_path / "out"), "--json", str(tmp_path / "no" / "r.json"))
    assert status == 2 and f"--json {tmp_path / 'no' / 'r.json'}: no such folder" in err
    assert not (tmp_path / "out" / "a.pdf").exists()


def test_a_json_report_that_cannot_be_written_names_its_file(article, tmp_path, capsys, monkeypatch):
    report = tmp_path / "r.json"
    real = Path.write_text

    def full(self, *args, **kwargs):
        if self == report:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "write_text", full)
    status, err = run(capsys, str(article), "-o", str(tmp_path / "out"), "--json", str(report))
    assert status == 1 and f"{report}: error: cannot write the --json report: No space left on device" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_a_usage_error(article, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        status, err = run(capsys, str(article), "-o", str(out))
    finally:
        out.chmod(0o755)
    assert status == 2 and f"-o {out}: the folder is not writable" in err
