"""The drafting group's toolchain for 《质量强国建设纲要上海实施方案》.

Layers, top to bottom:
  cli.py        the `plan` command line (parsing and dispatch only)
  commands/...  one module per sub-command
  model.py      the single, validated view of data/*.yml
  numbering.py  公文 heading numbers, shared by the site and the documents
"""
