"""Domain errors: the CLI and the chat page turn these into one clear line."""


class AssistantError(Exception):
    """Base class for errors a user can fix; the message says what and how."""


class ConfigError(AssistantError):
    """A setting has a bad value or the settings file cannot be read."""


class CorpusError(AssistantError):
    """The corpus folder is missing or unusable."""


class ArticleError(AssistantError):
    """One article file cannot be loaded; a sync skips it with this message."""


class StoreError(AssistantError):
    """The index store cannot be opened or written."""


class EvalError(AssistantError):
    """An eval question file, threshold file or run folder is missing or malformed, or a metric
    is below its floor."""
