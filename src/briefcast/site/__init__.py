"""The site: feed, podcast namespace, transcripts, pages, artwork, validation."""
