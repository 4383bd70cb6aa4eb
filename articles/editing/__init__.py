"""Who has an article open in the editor, as Wagtail's editing sessions show it."""
