"""One module per command group; each exposes ``register(app)``.

A command module imports at its top only what its signatures and ``--help`` need (typer,
rich, the shared options); what the command runs on (the scan engine, the gateway, the store,
the rulebook) is imported inside the command, and named in its ``@runs_on(...)`` so that the
console script imports it before the command runs, inside its start-up pause
(:mod:`carborder.cli.startup`). ``carborder CMD --help`` then loads neither, and every one-shot
command pays for what it uses (``tests/unit/cli/test_startup_imports.py``).
"""
