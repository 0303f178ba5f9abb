"""Demo aspirations sent through the public form (some duplicates of FGD ones, some spam)."""


def seed_public_aspirations(*, stdout=None) -> None:
    """Filled in with the public form."""
