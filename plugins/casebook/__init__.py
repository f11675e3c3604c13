"""Casebook: co-production case studies as YAML + Markdown, turned into a cross-linked site."""

__version__ = "0.1.0"
