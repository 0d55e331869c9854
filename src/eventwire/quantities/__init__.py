"""Counts (troops, dead, injured, arrested, displaced, protesters, people) and sums of money."""
