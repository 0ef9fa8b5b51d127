import pytest


@pytest.fixture(autouse=True)
def _emails_at_once(on_commit_at_once: None) -> None:
    """Services send their emails after commit; see ``on_commit_at_once`` in the root conftest."""
