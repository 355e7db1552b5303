"""docs/ci.md: its GitHub Actions and GitLab CI examples are valid YAML that fit together (the
matrix, N, the artifacts the gather job collects), every build.py command in them is one the
command line accepts, and their two Python steps do what the guide says, run on files here."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from handout.cli import parser

GUIDE = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)]
# What the CI puts in place of its variables, for a shard of a run of 8.
VARIABLES = {"${{ matrix.shard }}": "3", "${{ env.SHARDS }}": "8", "$CI_NODE_INDEX": "3", "$CI_NODE_TOTAL": "8"}


def github() -> dict:
    return next(block for block in BLOCKS if "jobs" in block)


def gitlab() -> dict:
    return next(block for block in BLOCKS if "stages" in block)


def commands() -> list[str]:
    """Every shell line of both examples (GitHub's `run:` steps, GitLab's script and after_script)."""
    lines = []
    for job in github()["jobs"].values():
        lines += [line for step in job["steps"] if "run" in step and step.get("shell") != "python"
                  for line in step["run"].splitlines()]
    for job in gitlab().values():
        if isinstance(job, dict):
            lines += [line for key in ("script", "after_script") for entry in job.get(key, [])
                      for line in entry.splitlines()]
    return lines


def substituted(line: str) -> str:
    for name, value in VARIABLES.items():
        line = line.replace(name, value)
    return line


def test_the_guide_has_one_github_and_one_gitlab_example():
    assert len(BLOCKS) == 2
    assert github() is not gitlab()


def test_every_build_py_command_is_one_the_command_line_accepts():
    options = {flag for action in parser()._actions for flag in action.option_strings}
    builds = [shlex.split(substituted(line)) for line in commands() if "build.py" in line]
    assert len(builds) == 4  # fonts and a shard, in each example
    for words in builds:
        arguments = words[words.index("build.py") + 1:]
        if arguments[:1] == ["fonts"]:  # `build.py fonts`, set-up (handout/cli.py hands it to cjk_fonts)
            assert arguments == ["fonts"]
            continue
        assert [word for word in arguments if word.startswith("-") and word not in options] == []
        args = parser().parse_args(arguments)  # a bad value would exit here
        assert args.shard == (3, 8) and args.output == "output" and args.json == "report.json"


def test_the_bench_command_in_the_guide_is_one_the_script_accepts():
    spec = importlib.util.spec_from_file_location("bench_shards", ROOT / "bench" / "shards.py")
    shards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shards)
    runs = [shlex.split(line) for line in GUIDE.splitlines() if "bench/shards.py" in line and line.startswith(".venv")]
    assert runs
    for words in runs:
        args = shards.arguments().parse_args(words[words.index("bench/shards.py") + 1:])
        assert args.articles == 1000 and args.shard == (1, 8)


def test_the_github_jobs_fit_together():
    workflow = github()
    shards = workflow["env"]["SHARDS"]
    shard, gather = workflow["jobs"]["shard"], workflow["jobs"]["gather"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert shard["strategy"]["fail-fast"] is False
    assert gather["needs"] == "shard" and "cancelled()" in gather["if"]
    uploads = [step for step in shard["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    download = next(step for step in gather["steps"] if step.get("uses", "").startswith("actions/download-artifact@"))
    assert [step["with"]["path"] for step in uploads] == ["shard/"]
    pattern = download["with"]["pattern"]
    assert pattern.endswith("*") and uploads[0]["with"]["name"].startswith(pattern[:-1])
    assert download["with"]["merge-multiple"] is True
    restore, save = (next(step for step in shard["steps"] if step.get("uses", "").startswith(f"actions/cache/{what}@"))
                     for what in ("restore", "save"))
    assert restore["with"]["key"] == save["with"]["key"] and restore["with"]["path"] == save["with"]["path"] == "output"
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])


def test_the_gitlab_jobs_fit_together():
    pipeline = gitlab()
    handouts, library = pipeline["handouts"], pipeline["library"]
    assert handouts["parallel"] == int(library["variables"]["SHARDS"])
    assert library["needs"] == ["handouts"] and library["when"] == "always"
    assert pipeline["stages"].index(handouts["stage"]) < pipeline["stages"].index(library["stage"])
    assert handouts["artifacts"] == {"when": "always", "paths": ["shard/"], "expire_in": "1 day"}
    assert "$CI_NODE_INDEX" in handouts["cache"][0]["key"] and "$CI_NODE_TOTAL" in handouts["cache"][0]["key"]


def gather_check() -> str:
    github_check = next(step["run"] for step in github()["jobs"]["gather"]["steps"] if step.get("shell") == "python")
    gitlab_check = re.search(r"<<'EOF'\n(.*?)EOF", gitlab()["library"]["script"][-1], re.S).group(1)
    assert gitlab_check == github_check
    return github_check


def keep_outputs(index: int) -> str:
    """Both examples' lines that put a shard's report and outputs into shard/, for shard `index`."""
    lines = {line.strip().replace("${{ matrix.shard }}", str(index)).replace("$CI_NODE_INDEX", str(index))
             for line in commands() if "mkdir shard" in line or "shutil.copy" in line}
    assert len(lines) == 2  # the same two in both examples
    return "\n".join(sorted(lines, key=lambda line: "shutil" in line)).replace(".venv/bin/python",
                                                                              shlex.quote(sys.executable))


def a_shard(folder: Path, index: int, slugs: list[str], ok: bool = True) -> None:
    """What a shard job leaves: output/ with its files (and a stale one) and report.json."""
    (folder / "output").mkdir(parents=True)
    (folder / "output" / "stale.pdf").write_bytes(b"%PDF of an article dealt elsewhere since")
    articles = []
    for slug in slugs:
        outputs = [f"output/{slug}.pdf", f"output/{slug}.epub"]
        for output in outputs:
            (folder / output).write_bytes(b"bytes")
        articles.append({"path": f"content/{slug}.md", "ok": ok, "outputs": outputs if ok else []})
    (folder / "report.json").write_text(json.dumps({"ok": ok, "articles": articles}), encoding="utf-8")


@pytest.mark.parametrize("broken", ["", "failed", "lost shard", "written twice"])
def test_the_shards_keep_only_their_outputs_and_the_gather_job_judges_them(tmp_path, broken):
    library = tmp_path / "library"
    library.mkdir()
    shards = {1: ["a", "c"], 2: ["b"]}
    if broken == "written twice":
        shards[2].append("a")
    for index, slugs in shards.items():
        runner = tmp_path / f"runner-{index}"
        a_shard(runner, index, slugs, ok=not (broken == "failed" and index == 2))
        subprocess.run(keep_outputs(index), shell=True, cwd=runner, check=True)
        kept = sorted(path.name for path in (runner / "shard").iterdir())
        assert kept == sorted([f"report-{index}.json"] + [f"{slug}.{kind}" for slug in slugs if broken != "failed"
                                                        or index != 2 for kind in ("pdf", "epub")])
        if broken == "lost shard" and index == 2:
            continue
        for path in (runner / "shard").iterdir():  # download-artifact's merge-multiple: one folder
            (library / path.name).write_bytes(path.read_bytes())
    check = subprocess.run([sys.executable, "-c", gather_check()], cwd=tmp_path, capture_output=True, text=True,
                           env={"SHARDS": "2", "PATH": "/usr/bin:/bin"})
    if not broken:
        assert check.returncode == 0, check.stdout + check.stderr
        assert check.stdout.startswith("2 of 2 shards reported: 3 articles")
    else:
        assert check.returncode == 1, check.stdout + check.stderr
        expected = {"failed": "content/b.md: FAILED", "lost shard": "1 of 2 shards reported",
                    "written twice": "a.pdf: written by 2 articles"}[broken]
        assert expected in check.stdout
