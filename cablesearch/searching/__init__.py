"""Searching an index: run a query, collapse copies, facet, highlight, suggest."""
