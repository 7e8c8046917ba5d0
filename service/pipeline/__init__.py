"""The request pipeline shared by /summarize, /verify and /analyze.

Intake (normalise and bound the article), reading it once through the evidence layer, reusing
a stored response, provenance, the request's deadline, and the pool of evidence workers that
keeps that work off the event loop.
"""
