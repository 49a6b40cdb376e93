"""Test-suite configuration: this folder is on sys.path, so tests can import gradcheck."""
