"""Altair charts (filled in by the charts work)."""
