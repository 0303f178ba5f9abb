"""Demo data of the scenario in shared/DOMAIN.md. Idempotent: safe to run on every `make run`."""


def seed_demo_data(*, stdout=None) -> None:
    """Filled in by the app's own issue."""
