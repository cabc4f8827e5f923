"""Helpers every router uses: keyset pages and the shared schemas (errors, ids, pages)."""
