"""Web helpers both apps share."""
