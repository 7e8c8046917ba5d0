"""The request pipeline shared by /summarize, /verify and /analyze.

The dispatch on the request's mode (fast on the evidence workers, full from the response cache
or computed once), intake (normalise and bound the article), reading it once through the
evidence layer, provenance, the request's deadline, and the pool of evidence workers that keeps
that work off the event loop.
"""
