"""Feed formats. Each adapter turns the bytes of one format into raw entries (strings as the source
wrote them); ``kabar.sources.parsing`` cleans, validates and limits them the same way for all."""
