"""Build pipeline: Markdown article -> content model -> print PDF and EPUB 3 -> checks."""

__version__ = "0.1.0"
