"""MkDocs hook: the units' Word templates (scripts/intake/templates.py) as
generated files of the site, under downloads/, so the 报送须知 page links to
them like to any page and `mkdocs build --strict` checks those links."""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from scripts.intake.templates import templates
from scripts.model import load_model


def on_files(files, config):
    model = load_model(Path(config.config_file_path).parent)
    for name, data in templates(model).items():
        files.append(File.generated(config, f"downloads/{name}", content=data))
    return files
