import datetime

import factory
from django.contrib.auth.hashers import make_password

from bexley_qa.people.models import (
    Child,
    Ethnicity,
    Gender,
    PlanType,
    Service,
    Team,
    User,
    UserRole,
)

PASSWORD = "a-long-test-password"
_PASSWORD_HASH = make_password(PASSWORD)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    service = factory.SubFactory(ServiceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff. `roles=[RoleCode.X, ...]` gives them roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = _PASSWORD_HASH

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            UserRole.objects.bulk_create([UserRole(user=self, role=code) for code in extracted])
            self.__dict__.pop("role_codes", None)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    case_id = factory.Sequence(lambda n: f"{2_000_000 + n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2015, 6, 1)
    gender = Gender.FEMALE
    ethnicity = Ethnicity.WHITE_BRITISH
    first_language = "English"
    team = factory.SubFactory(TeamFactory)
    allocated_worker = factory.SubFactory(UserFactory)
    plan_type = PlanType.CHILD_IN_NEED
    referral_date = datetime.date(2025, 1, 10)
