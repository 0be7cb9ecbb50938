"""Benchmark harness: synthetic data at scale, timings, load test (see docs/performance.md)."""
