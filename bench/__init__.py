"""Benchmarks for clinic_cms; each module runs with ``python -m bench.<name>``."""
