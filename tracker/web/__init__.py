"""The owners' web page (`tracker serve`): signed links from the mails to a small Flask app over
the same core verbs as the CLI. Importing this package imports no Flask: the mails use its
links module."""
