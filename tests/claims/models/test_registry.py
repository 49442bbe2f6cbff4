"""The employer's KBLI 2020 section and code (admin edits go through ``full_clean``)."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Employer

pytestmark = pytest.mark.django_db


def _employer(**fields) -> Employer:
    base = {"npp": "NPP-KBLI", "name": "PT Uji", "size": "medium", "province_code": "33"}
    return Employer(**(base | fields))


def test_a_section_with_or_without_its_code_is_valid():
    _employer(sector="C", kbli_code="14111").full_clean()
    _employer(sector="G").full_clean()
    _employer().full_clean()  # not known: blank section and code
    assert Employer.objects.create(npp="NPP-NEW", name="PT Baru", size="small", province_code="33").sector == ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"sector": "G", "kbli_code": "14111"}, "sector", "Kode KBLI 14111 termasuk kategori C."),
        ({"sector": "", "kbli_code": "14111"}, "sector", "Kode KBLI 14111 termasuk kategori C."),
        ({"sector": "C", "kbli_code": "04111"}, "kbli_code", "Golongan pokok kode ini tidak ada di KBLI 2020."),
        ({"sector": "C", "kbli_code": "1411"}, "kbli_code", "Kode KBLI 2020 terdiri dari 5 digit."),
        ({"sector": "consumer_goods"}, "sector", "bukan pilihan yang valid"),
    ],
)
def test_a_code_of_another_section_or_a_bad_value_is_refused(fields, field, message):
    with pytest.raises(ValidationError) as err:
        _employer(**fields).full_clean()
    assert any(message in m for m in err.value.message_dict[field]), err.value.message_dict
