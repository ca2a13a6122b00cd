"""The partnerships app's pages, one module per subject."""
