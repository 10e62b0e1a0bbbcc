"""Exit codes and the error types the command line turns into them."""
import difflib

EXIT_OK, EXIT_FINDING, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The user asked for something impossible: exit code 2."""


class Failure(Exception):
    """The work could not be done (bad input, failed tool): exit code 1."""


def did_you_mean(value: str, known) -> str:
    """'（是否应为“x”？）' naming the closest known id, or '' when none is close."""
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
    return f"（是否应为“{close[0]}”？）" if close else ""
