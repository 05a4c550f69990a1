"""Publishing: serving the show folder and uploading it to targets."""
