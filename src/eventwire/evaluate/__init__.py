"""Score coding against gold files: per-category and overall P/R/F1, with the misses listed."""
