"""Sample articles, their expected properties, lexicons and seed reference facts."""
