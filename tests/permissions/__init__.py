"""The permission matrix (its format: matrix.py's docstring)."""
