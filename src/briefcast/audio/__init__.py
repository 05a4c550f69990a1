"""Audio: assembly of the voiced sentences, loudness, ffmpeg and the formats."""
