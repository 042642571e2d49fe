"""The `assistant` command (commands.py), its shared options (context.py), what it prints
(render.py), and its `eval`/`calibrate` (evaluate.py) and `feeds` (feeds.py) commands."""

from assistant.cli.commands import app, main

__all__ = ["app", "main"]
