"""Search engines behind the product: the only package that imports a search library."""
