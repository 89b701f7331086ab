"""Benchmarks (``python -m bot bench throughput|summary``): measured, never timed in tests."""
