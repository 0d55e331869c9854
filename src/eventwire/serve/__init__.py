"""The HTTP API and the web dashboard over an eventwire database."""

from eventwire.serve.app import create_app

__all__ = ["create_app"]
