"""``python -m srpcore`` is the ``srpcore`` command."""

import sys

from srpcore.cli.main import main

sys.exit(main())
