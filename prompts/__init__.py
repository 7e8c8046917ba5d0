"""Prompt templates, shipped as data files."""
