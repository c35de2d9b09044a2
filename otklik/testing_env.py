"""Loaded by pytest (`-p otklik.testing_env`) before Django: debug off, a test-only secret key."""

import os

os.environ.setdefault("OTKLIK_SECRET_KEY", "test-only-secret-key-not-for-production")
