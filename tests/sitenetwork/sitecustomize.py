"""Imported at start-up by every Python process a test starts (tests/conftest.py puts this folder
on PYTHONPATH): the worker, beat, run-dev's processes and the rest reach only this machine and
look no name up, like the tests themselves (network_guard.py)."""

import network_guard

network_guard.block()
