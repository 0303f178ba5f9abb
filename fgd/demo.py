"""Demo data of the scenario in shared/DOMAIN.md. Idempotent: safe to run on every `make run`."""

from .demo_public import seed_public_aspirations


def seed_demo_data(*, stdout=None) -> None:
    """The Banua Patra FGD with its invitations, attendance and aspirations, then public submissions."""
    seed_public_aspirations(stdout=stdout)
