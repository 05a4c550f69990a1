"""Scripting: articles to the spoken script (segments, wording, speech rules)."""
