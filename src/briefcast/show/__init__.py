"""The show folder: where every file goes, the records, the lock."""
