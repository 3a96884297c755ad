"""Settings package: base.py reads the environment, the others only adjust it."""
