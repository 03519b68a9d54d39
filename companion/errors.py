"""Exception hierarchy shared by every layer; the CLI and UI map these to user messages."""


class CompanionError(Exception):
    """Base for errors a user can act on; str(error) is a one-line message for them."""


class InvalidInput(CompanionError):
    """The input cannot be used as given (empty text, binary data, malformed file)."""


class ResourceMissing(CompanionError):
    """A file or package the action needs is not installed or not readable."""


class Cancelled(CompanionError):
    """The user cancelled a long operation; what it had committed stays, the rest rolled back."""


class StorageError(CompanionError):
    """The data directory or a database cannot be read or written."""
