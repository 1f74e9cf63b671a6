"""One module per command group; each exposes ``register(app)``.

A command module imports at its top only what its signatures and ``--help`` need (typer,
rich, the shared options); what the command runs on (the scan engine, the gateway, the store,
the rulebook) is imported inside the command. ``carborder CMD --help`` then loads neither,
and every one-shot command pays for what it uses (``tests/unit/cli/test_startup_imports.py``).
"""
