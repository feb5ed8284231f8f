"""tracker: follow-up actions from trip reports, with weekly reminders."""

__version__ = "0.1.0"
