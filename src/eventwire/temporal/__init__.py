"""Time expressions in news text, resolved against the publication date."""
