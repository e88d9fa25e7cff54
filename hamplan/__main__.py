"""``python -m hamplan``: the command line, as the ``hamplan`` script runs it."""

from hamplan.cli import main

main()
