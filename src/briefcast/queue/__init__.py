"""The job queue: builds queued on a broker and run by workers."""
