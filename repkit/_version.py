"""The package version (a module of its own so that every layer may read it without the package root).

Examples
--------
>>> __version__.count(".")
2
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
