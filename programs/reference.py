"""Reference data of this app, created by its data migration and by tests (csrplan/reference.py)."""


def ensure(apps) -> None:
    """Idempotent: creates what is missing. `apps` is a migration's app registry or the global one."""
