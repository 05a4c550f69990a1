"""Readers: one per input format, each turning an input into an Article."""
