"""Errors of the domain, raised by services and shown to people."""


class DomainError(Exception):
    """A rule of the domain refused an action; the message is meant for people (translated)."""
