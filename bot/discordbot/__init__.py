"""Everything that knows about Discord: the client, context, embeds, paginator and error policy."""
