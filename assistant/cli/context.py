"""What every `assistant` command runs in: the global options (`ctx.obj`) and the command group
that turns domain errors into one line and says where a misplaced global option goes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from assistant.app import Assistant
from assistant.config import Settings, load_settings
from assistant.errors import AssistantError

# typer >= 0.26 parses with its own copy of click, whose exceptions are not the click package's:
# the base of typer's public BadParameter is whichever UsageError typer itself raises.
UsageError = typer.BadParameter.__base__
KOpt = Annotated[int | None, typer.Option("-k", min=1, max=50, help="Sentences to retrieve.")]
"""`-k N`, as `ask` and `eval` take it."""
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Only articles dated on or after DATE."),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Only articles dated on or before DATE."),
]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option("--source", metavar="OUTLET", help="Only this outlet's articles; repeatable."),
]
"""`--since`, `--until`, `--source`, as `ask` and `speakers` take them."""


@dataclass(frozen=True)
class GlobalOptions:
    """The options given before the command; `ctx.obj` of every command."""

    corpus: Path | None
    store: Path | None
    chroma_url: str | None
    llm: str | None
    llm_base_url: str | None
    llm_timeout: float | None
    debug: bool
    read_only: bool = False

    @cached_property
    def settings(self) -> Settings:
        """Built on first use, not in the callback: `COMMAND --help`, `eval --compare` and a
        misplaced option's message must not depend on the settings files being valid."""
        given = {"spec": self.llm, "base_url": self.llm_base_url, "timeout": self.llm_timeout}
        llm = {key: value for key, value in given.items() if value is not None}
        return load_settings(
            corpus_dir=self.corpus,
            store_dir=self.store,
            llm=llm or None,
            store=self._store_settings() or None,
        )

    def _store_settings(self) -> dict:
        given = {"chroma_url": self.chroma_url, "read_only": self.read_only or None}
        return {key: value for key, value in given.items() if value is not None}

    def assistant(self) -> Assistant:
        return Assistant(self.settings)


class AssistantGroup(TyperGroup):
    """Runs every command: domain errors become one line and exit 1, and a global option given
    after the command says where it goes instead of only "No such option"."""

    def invoke(self, ctx: typer.Context) -> Any:
        """Runs the command; a domain error becomes one line on stderr and exit 1 (the
        traceback with --debug), a global option given after the command says where it goes."""
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            name = getattr(exc, "option_name", None)  # set by "No such option"
            param = next((p for p in self.params if name in p.opts), None)
            if param is None or exc.ctx is None:
                raise
            value = "" if getattr(param, "is_flag", False) else f" {param.metavar}"
            exc.ctx.fail(
                f"{name} is a global option: give it before the command, as in "
                f"`{ctx.command_path} {name}{value} {exc.ctx.info_name} …`"
            )
        except AssistantError as exc:
            if ctx.obj.debug:  # set by the callback, which runs before any command
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
