"""Voila serving."""
