"""YAML loading that remembers where every key was written.

Errors about data must name `file:line`, so mappings are loaded as
`LocatedDict`, which keeps the 1-based line of each key.
"""
from __future__ import annotations

from pathlib import Path

import yaml


class LocatedDict(dict):
    """A dict that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The C parser where PyYAML has it (several times faster), same results."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# A bare `=` (the 等于 comparator of data/targets.yml) is YAML 1.1's "value key": read it as the text it is.
_Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


class YamlSyntaxError(Exception):
    """Malformed YAML, with the position and a hint in Chinese."""

    def __init__(self, path: Path, line: int, problem: str):
        self.path, self.line, self.problem = path, line, problem
        super().__init__(
            f"{path}:{line}: YAML 格式错误：{problem}。"
            "请检查该行及上一行的缩进、冒号后的空格和引号是否成对。"
        )


def load_yaml(path: Path, text: str | None = None):
    """Parse a YAML file (or the given text, reported as that file)."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlSyntaxError(path, line, err.problem or str(err)) from None
