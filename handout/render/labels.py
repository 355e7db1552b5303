"""The words the design prints around an article's own text, in the languages the builder knows:
its section labels, callout kinds and worksheet notes. The checks count them as furniture (text
between items that is the design's, not the article's)."""

from __future__ import annotations

LABELS = {
    "en": {"quick_answer": "Quick answer", "contents": "Contents", "reflection": "For reflection",
           "your_number": "Your number:", "fillable_note": "You can fill in this worksheet on screen in its PDF.",
           "note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"},
    "es": {"quick_answer": "Respuesta rápida", "contents": "Contenido", "reflection": "Para reflexionar",
           "your_number": "Su número:", "fillable_note": "Puede rellenar esta hoja en pantalla en su PDF.",
           "note": "Nota", "tip": "Consejo", "important": "Importante", "warning": "Advertencia",
           "caution": "Precaución"},
    "fr": {"quick_answer": "En bref", "contents": "Sommaire", "reflection": "Pour réfléchir",
           "your_number": "Votre chiffre :",
           "fillable_note": "Vous pouvez remplir cette fiche à l’écran dans son PDF.",
           "note": "Remarque", "tip": "Astuce", "important": "Important", "warning": "Avertissement",
           "caution": "Attention"},
    "de": {"quick_answer": "Kurz gesagt", "contents": "Inhalt", "reflection": "Zum Nachdenken",
           "your_number": "Ihre Zahl:",
           "fillable_note": "Sie können dieses Arbeitsblatt am Bildschirm im PDF ausfüllen.",
           "note": "Hinweis", "tip": "Tipp", "important": "Wichtig", "warning": "Warnung", "caution": "Vorsicht"},
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])
