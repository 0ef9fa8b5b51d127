"""factory_boy factories for accounts; other apps' tests use them for the people in their tests."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from vielfalt.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    role = Role.MEMBER
    preferred_language = "de"

    @factory.post_generation
    def password(self: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
