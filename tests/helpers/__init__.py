"""Builders and runners shared by the test suites."""
