"""API keys with roles (submitter ⊂ editor ⊂ admin) and the desk's sessions.

The package imports nothing itself: its request dependencies (`service.auth.deps`) bring in
FastAPI and the model seam, which a command such as `deskcheck batch` that only needs the
errors or the keys must not pay for (about a second of its cold start).
"""
