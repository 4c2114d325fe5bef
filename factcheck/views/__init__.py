"""Renderers: terminal text, HTML, Markdown and JSON views of results."""
