import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from core.access import Role, user_role


@pytest.mark.django_db
def test_demo_users_are_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--no-data")


@pytest.mark.django_db
def test_demo_users_get_their_roles_and_the_demo_password(settings, rf):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-password"
    call_command("seed_demo", "--no-data")
    call_command("seed_demo", "--no-data")  # idempotent
    expected = {
        "admin": Role.ADMINISTRATOR,
        "manager": Role.MANAGER,
        "officer": Role.OFFICER,
        "viewer": Role.VIEWER,
    }
    for username, role in expected.items():
        user = authenticate(
            rf.post("/accounts/login/"),
            username=username,
            password="another-demo-password",
        )
        assert user is not None and user_role(user) == role
