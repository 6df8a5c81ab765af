"""The demo and the scale data set: `manage.py seed_demo` (people, records and plans, as data), `seed_scale` (the
load benchmark's clinic network) and `run_demo` (the demo served with its periodic work).

Installed only where they are used: with DEBUG on (`make demo`), in the tests and in the benchmark settings. A
production deployment does not have these commands or their data.
"""
