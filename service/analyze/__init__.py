"""POST /analyze: summarize then verify one article, sharing one read of it by the model."""
