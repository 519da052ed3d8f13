"""The dashboard panel of the province overview (written below)."""
