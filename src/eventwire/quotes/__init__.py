"""Direct and indirect quotes with the span of their speaker."""
