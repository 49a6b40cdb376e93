"""Text displays of objects and observers of the training loop's events."""
