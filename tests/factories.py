import factory
from django.contrib.auth import get_user_model

from jkp_portal.accounts.models import Office

PASSWORD = "Rahasia-Kuat-2025"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Kantor Cabang Uji {n}")
    kind = Office.Kind.BRANCH
    province_codes = factory.LazyFunction(lambda: ["33"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    first_name = "Uji"
    last_name = factory.Sequence(lambda n: f"Pengguna {n}")
    roles = factory.LazyFunction(lambda: ["worker"])
    is_staff = factory.LazyAttribute(lambda u: "admin" in u.roles)  # the back office is for admins only
    is_superuser = factory.LazyAttribute(lambda u: "admin" in u.roles)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
