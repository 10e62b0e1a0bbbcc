"""Exit codes and the error types the command line turns into them."""

EXIT_OK, EXIT_FINDING, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The user asked for something impossible: exit code 2."""


class Failure(Exception):
    """The work could not be done (bad input, failed tool): exit code 1."""
