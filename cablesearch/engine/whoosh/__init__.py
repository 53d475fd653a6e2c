"""The Whoosh engine: schema, query compilation, writer, evaluator, columns and scoring."""
