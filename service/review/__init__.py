"""The review desk: items, decisions, the audit trail's review rows, the desk's pages and API.

Also the analysis job an item goes through after it is submitted: its lease in the store
(lease.py), the job the queue engine runs for it (job.py), the models' run and what is stored
from it (analysis.py), and batches of articles (batches.py, `deskcheck batch` in cli.py).
"""
