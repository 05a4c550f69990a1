"""Reading: every input (files, URLs, standard input) to an Article."""
