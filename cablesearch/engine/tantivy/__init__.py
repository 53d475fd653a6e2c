"""The engine interface (`engine/base.py`) on Tantivy: an opt-in engine for big collections.

`pip install 'cablesearch[tantivy]'`; chosen when an index is created (`--engine tantivy`)
and recorded in its folder. Modules: `schema` (fields and analysis), `documents` (cables
-> Tantivy documents), `compile` and `expand` (query trees -> Tantivy queries), `reader`
and `columns` (the read side), `writer` and `store` (the engine and its writes).
"""
