"""Dossier: turn news articles into a cited, browsable dossier on how countries relate."""

__version__ = "0.1.0"
