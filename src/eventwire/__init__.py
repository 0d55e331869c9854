"""eventwire: political event data from news, every row with its evidence."""

__version__ = "0.1.0"
