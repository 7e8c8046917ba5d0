"""`python -m service.cli`: the `deskcheck` command."""

import sys

from service.cli import main

sys.exit(main())
