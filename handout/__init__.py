"""handout: Markdown articles -> content model -> print PDF and EPUB 3 -> checks that nothing was lost.

The stages are folders: read/ (files -> model), render/ (model -> HTML and EPUB pages),
write/ (pages -> PDF and EPUB bytes), check/ (outputs against the model); pipeline.py and
book_pipeline.py run them, cli.py and watch.py drive them."""

__version__ = "0.1.0"
