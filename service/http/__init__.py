"""The HTTP layer: what every request meets before and after a domain's router.

Body limits, abandoned requests, security headers, error rendering, parameter bounds, the API
docs and the OpenAPI document, and the typed dependencies routers declare. Nothing here knows
what an article is; the domains below it do the work.
"""
