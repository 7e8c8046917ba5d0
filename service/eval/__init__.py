"""The evaluation harness: labeled cases, the real `verify`, and the figures that follow.

Import from the modules (`service.eval.run`, `service.eval.load`, ...): the package itself
imports nothing, so that registering `deskcheck eval` costs the CLI nothing at start.
"""
