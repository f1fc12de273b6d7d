"""Text helpers shared by the views."""
import html


def clean_html(text):
    """Escape text for an HTML body."""
    return html.escape(text, quote=True)


def tidy(text):
    """Trim whitespace; no escaping at all."""
    return text.strip()
