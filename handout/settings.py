"""The settings one build runs with, resolved once: the command line first, then the article's
front matter, then the practice's handout.yaml, then the built-in defaults. Every stage reads
the one `Settings` object; none looks further."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from handout.model import Meta, Practice


@dataclass(frozen=True)
class BuildOptions:
    """What the command line says ('' and 0: left to the front matter, handout.yaml or the default)."""

    output_dir: Path = Path("output")
    page_size: str = ""  # "A4" or "Letter"
    css: tuple[Path, ...] = ()
    variant: str = ""  # "standard" or "large-print" (see write/fit.py VARIANTS)
    fit: int = 0  # pages the PDF must fit on
    pdf_variant: str = ""  # "pdf/ua-1", "pdf/a-3u", "pdf/a-2u" or "none"
    check: bool = True
    practice: Practice = Practice()  # given by a caller; else handout.yaml's
    templates: str = ""  # a folder whose templates override the built-in ones
    overlap: bool = False  # make the EPUB (and its 6-inch check layout) in a forked helper during the PDF
    fillable: bool = False  # --fillable: worksheet prompts and write-in cells as PDF form fields


@dataclass(frozen=True)
class Settings:
    """Everything a build of one article or book needs to know besides its content, decided."""

    source: Path  # the article or book file
    output_dir: Path
    page_size: str
    variant: str
    pdf_variant: str
    fit: int  # 0: as many pages as the content needs
    fit_source: str  # where the page limit came from, in the writer's words ("--fit 2", "'fit: 2'")
    practice: Practice
    css: tuple[Path, ...]
    templates: str
    check: bool
    overlap: bool
    source_date_epoch: str | None  # fixes the EPUB's modification time, for reproducible builds
    fillable: bool = False  # the PDF's worksheet prompts and write-in cells are form fields


def resolve(options: BuildOptions, source: Path, meta: Meta | None = None) -> Settings:
    """The settings for `source` (an article with its front matter `meta`, or a book without)."""
    from handout.read.project_settings import (
        settings_for,  # loads the YAML reader: only when building
    )
    project = settings_for(source)
    front_fit = meta.fit if meta else 0
    return Settings(
        source=source, output_dir=options.output_dir,
        # An article's front matter already holds handout.yaml's paper as its default.
        page_size=options.page_size or (meta.page_size if meta else "") or project.page_size or "A4",
        variant=options.variant or project.variant or "standard",
        pdf_variant=options.pdf_variant or project.pdf_variant or "pdf/ua-1",
        fit=options.fit or front_fit,
        fit_source=f"--fit {options.fit}" if options.fit else f"'fit: {front_fit}'" if front_fit else "",
        practice=options.practice if options.practice != Practice() else
        Practice(project.practice, project.contact, project.logo),
        css=options.css, templates=options.templates, check=options.check, overlap=options.overlap,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        fillable=options.fillable or bool(meta and meta.fillable))
