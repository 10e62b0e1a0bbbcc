"""The Chinese style gate of plan check: punctuation (GB/T 15834), dates
(GB/T 15835), spacing and the project glossary, over the chapter text.

  prose.py     which characters of a Markdown line are prose (the rest is masked)
  rules.py     the rules, each a function over one masked line → hits
  glossary.py  data/glossary.yml: preferred terms and forbidden variants
  gate.py      files → findings (file:line, the words around, the fix); --fix applies the safe ones
"""
