"""Glue to the queue engine (Huey): the queue, the worker processes, the job context.

This package knows no domain. It runs the functions it is given by whoever starts it (the app
factory for `deskcheck serve`, the CLI for `deskcheck worker`): the review desk's analysis job
and its sweep (service/review/job.py), and the evidence layer's warm-up.
"""
