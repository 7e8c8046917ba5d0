"""deskcheck: neutral summaries and verification reports for news articles."""
