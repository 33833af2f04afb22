"""Benchmarks for sdtoolkit: ``python -m bench`` (see ``bench/__main__.py``).

Not tests: they measure, they never fail a build. Results: ``bench/RESULTS.md``.
"""
