"""Benchmarks and the load generator for easytrack (see docs/benchmarks.md)."""
