import sys

from miqgen.cli import main

sys.exit(main())
