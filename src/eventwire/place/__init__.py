"""Places: geocode place names with a gazetteer that installs with the package, and locate events."""

from eventwire.place.gazetteer import Gazetteer, gazetteer
from eventwire.place.locate import locate_mentions

__all__ = ["Gazetteer", "gazetteer", "locate_mentions"]
