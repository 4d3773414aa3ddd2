"""`make bench`: the assistant's NLU quality, latency, running cost and how cost grows, measured on this machine.

Each module owns one measurement; `python -m benchmarks [--quick]` runs them all and writes JSON, a
markdown summary and PNG charts to results/bench/<timestamp>/ (copied to results/bench/latest/).
"""
