"""One module per `plan` sub-command: add_arguments(parser) and run(args, root) -> exit code."""
