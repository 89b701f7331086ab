"""Getting articles in: finding links, fetching pages safely, extracting the article text."""
