"""Shared infrastructure below every app: API base classes, listing and download helpers.
It imports no app of the portal."""
