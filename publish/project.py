"""Where the project's own templates, styles and fonts live (beside this package)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STYLES = ROOT / "styles"
FONTS = ROOT / "fonts"
SETTINGS_FILE = "handout.yaml"
