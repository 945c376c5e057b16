"""``python -m kg`` runs the ``kotacerdas`` command line."""

from kg.cli import main

main()
