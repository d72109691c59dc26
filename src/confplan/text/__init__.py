"""Plain-text helpers: what schedule text may show, counted words, titles made from abstracts."""
