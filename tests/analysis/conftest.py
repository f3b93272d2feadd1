import pytest

from homesec.roles import make_member


@pytest.fixture
def member(client, django_user_model):
    """The test client, logged in as a household member (no set-up rights)."""
    user = django_user_model.objects.create_user("sam")
    make_member(user)
    client.force_login(user)
    return client
