"""Mutation campaign: inject the faults the checks claim to catch into generated articles and
count how many the build catches.

    python tests/mutate.py [--injections 200] [--seed S] [--jobs J] [--keep DIR]
                           [--articles P] [--kinds K,K...] [--max-lines L]

Articles come from `tests/corpus/generate.py` (seeds S, S+1, ...), dealt round-robin over A4 and
Letter x standard and large print. Each is first built once without any fault (one `build.py`
run per combination, like tests/soak.py); an article whose clean build is not `ok` is left out
of the campaign and listed (that is a soak failure, not a detection).

Then each injection is one `build.py` run of one article with one fault, through the channels
the command line offers: `--css FILE` (applied to the PDF and the EPUB) or `--templates DIR` (an
edited copy of templates/parts/blocks.j2). Targets are picked at random (seeded) from the
content model (`handout.read.article.read_article`): every block's `.line` is the `data-line` of its
rendered element.

Whether a fault really happened is verified without the project's checks, from the outputs:
the PDF with poppler's `pdftotext -bbox` (which words are printed on the page, where), its
`pdftoppm` raster (ink under a word), pdfium's clip paths (text drawn outside its clip) and
its structure tree read with pypdf (table rows across pages); the EPUB by reading its XHTML
and by laying its own pages and styles out with WeasyPrint at 6 inches, walked here. A fault
that did not happen (a split-row fault where no row meets a page break) is "not manifested"
and does not count against the checks; one that happened and that the build did not report
with an expected problem code is a miss. Exit status 0 only when every manifested injection
was detected, in every output it applies to (and no build broke or ran past BUILD_TIMEOUT).

Fault kinds (variants), spread evenly over the injections and over A4/Letter x standard/large print:
  hidden-row (display, visibility, cells)            pdf-text; EPUB epub-hidden
  clipped (paragraph, answer, cell, record)          clipped, both outputs
  pushed-off (left, top, margin, negative-left, transform)   overflow or pdf-text; EPUB overflow
  duplicated (after, before: a fragment of the article as ::after/::before; template: a
             paragraph printed twice)                pdf-text; EPUB epub-hidden or epub-text
  split-row (scoped, global), split-record (large-print records)   split-row, PDF only
  stranded (section, subsection, question, minor, records-caption, record-label)   stranded-heading
  invisible (white, near-white, opacity, tiny, scale, transparent, dark-background)  invisible, both
  reordered-faq (template-reverse, template-swap, css-reverse, css-order)   pdf-text; EPUB epub-text
  dropped-item (template, css-display, css-visibility)   pdf-text; EPUB epub-text or epub-hidden
Faults a claim does not cover in an output are "n/a" there, with the reason (page breaks on an
e-reader, vertical pushes on the one-long-page screen, the order styles draw in the EPUB).

Modules: words (how words are compared), model (the targets an article offers), edits (CSS rules
and template edits), inject (the fault kinds and their builders), pdf_facts and pdf_objects (the
PDF read with poppler, pdfium and pypdf), epub_facts (the EPUB and its own 6-inch layout), verify
(did the fault happen?), runner (one build, one injection), report, campaign (the whole run, main).
"""

