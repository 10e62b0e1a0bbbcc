"""Macros that turn data/ into Markdown for the plan's pages."""
