"""Benchmarks: `./dev bench` prints each figure next to a baseline measured in the same run."""
