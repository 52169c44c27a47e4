"""Full-text search over the articles in the search window, backed by a Tantivy index."""
