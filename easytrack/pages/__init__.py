"""One module per route: its state class, its private UI parts and the page function."""
