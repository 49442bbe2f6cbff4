"""The public page "Cek kelayakan & simulasi manfaat JKP": a plain form POST anyone can use."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def url():
    return reverse("claims:calculator")


def form_data(**changes) -> dict:
    """The issue's worked example as a worker fills the page in simple mode."""
    data = {
        "citizenship": "WNI",
        "birth_date": "1990-05-01",
        "jkp_registered_on": "2022-01-10",
        "employer_size": "medium",
        "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
        "jkn_segment": "PPU",
        "contract_type": "PKWT",
        "contract_end_date": "2026-12-31",
        "phk_date": "2025-06-15",
        "phk_reason": "efficiency",
        "filed_on": "2025-07-01",
        "decision_date": "2025-07-03",
        "contribution_mode": "simple",
        "paid_count": "24",
        "last6_consecutive": "yes",
        "last_wage": "4.500.000",
        "employer_arrears_months": "0",
        "kapk_signed": "on",
        "action": "calculate",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def text_of(response) -> str:
    """The page as a person reads it: tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def input_value(response, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.content.decode())
    return match.group(1) if match else None


def test_anyone_can_open_the_page(client, url):
    """An anonymous visitor gets the form in Indonesian, with a CSRF-protected plain POST and no inline script."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Cek kelayakan & simulasi manfaat JKP</h1>" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "Cara mudah: jumlah bulan" in html and "Cara rinci: centang bulan" in html
    # Strict CSP: scripts only from files, no inline handlers or styles.
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "onclick=" not in html and 'style="' not in html
    assert "claims/calculator.js" in html
    # 24 month boxes for the advanced mode, ending this month before a PHK date is known.
    assert html.count('name="paid_months"') == 24


def test_home_page_links_the_calculator(client, url):
    """The landing page's "Mulai cek" button leads here."""
    assert f'href="{url}"' in client.get("/").content.decode()


def test_filing_date_defaults_to_today(client, url):
    """The filing date starts as today's date in Jakarta."""
    with time_machine.travel(dt.datetime(2025, 7, 2, 20, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(url)
    assert input_value(response, "filed_on") == "2025-07-03"


def test_eligible_worker_sees_yes_and_the_amounts(client, url):
    """The issue's example: a clear yes, Rp 2.700.000 for six months, Rp 16.200.000 in total, the deadline and PP 6/2025."""
    response = client.post(url, form_data())
    assert response.status_code == 200
    text = text_of(response)
    assert "Anda memenuhi syarat JKP" in text
    assert "belum memenuhi syarat" not in text
    assert "Rp 16.200.000" in text
    assert text.count("Rp 2.700.000") >= 6
    assert "15 Desember 2025" in text  # claim deadline
    assert "PP 6/2025" in text and "PP6_2025" in text
    assert "BPJS Ketenagakerjaan" in text
    assert "Rp 4.500.000" in text  # wage base
    assert "3 Jul 2025" in text and "3 Des 2025" in text  # first and last due dates
    assert "60% × Rp 4.500.000 = Rp 2.700.000" in text  # how the numbers come about
    assert "Rp 5.000.000" in text  # the wage cap is explained
    html = response.content.decode()
    assert html.count('data-passed="true"') == 11


def test_not_eligible_worker_sees_no_and_why(client, url):
    """A PKWT that simply ran out: a clear no, the failing criterion with its data, and no money table."""
    response = client.post(url, form_data(contract_end_date="2025-06-15"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Anda belum memenuhi syarat JKP" in text
    assert "PHK terjadi sebelum kontrak PKWT berakhir" in text
    assert "PHK 15 Jun 2025 pada/setelah akhir PKWT 15 Jun 2025" in text
    assert 'data-testid="calc-schedule"' not in response.content.decode() and "Rp 16.200.000" not in text
    assert response.content.decode().count('data-passed="false"') == 1


def test_excluded_reason_is_explained(client, url):
    """Resigning gives no JKP, and the page says it is the reason."""
    text = text_of(client.post(url, form_data(phk_reason="resignation")))
    assert "Anda belum memenuhi syarat JKP" in text
    assert "alasan PHK mengundurkan diri dikecualikan" in text


def test_bad_date_shows_the_error_and_keeps_everything_typed(client, url):
    """An impossible birth date is flagged next to the field; every other answer stays filled in."""
    response = client.post(url, form_data(birth_date="31/02/1990", employer_arrears_months="2"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anda memenuhi syarat JKP" not in html
    assert 'data-error-for="birth_date"' in html
    assert "Tanggal tidak valid" in html
    # What was typed is still there, the bad date as text so it can be corrected.
    assert re.search(r'<input type="text" name="birth_date" value="31/02/1990"[^>]*is-invalid', html)
    assert input_value(response, "last_wage") == "4.500.000"
    assert input_value(response, "phk_date") == "2025-06-15"
    assert input_value(response, "paid_count") == "24"
    assert input_value(response, "employer_arrears_months") == "2"
    assert re.search(r'<option value="efficiency" selected>', html)
    for code in ("JKN", "JKK", "JKM", "JHT", "JP"):
        assert re.search(rf'<input type="checkbox" name="programs" value="{code}"[^>]*checked', html)
    assert re.search(r'<input type="radio" name="contract_type" value="PKWT"[^>]*checked', html)


def test_wage_in_other_spellings(client, url):
    """Plain digits and "Rp" prefixes are read; a wage that is not money says how to write it."""
    assert "Rp 16.200.000" in text_of(client.post(url, form_data(last_wage="4500000")))
    assert "Rp 16.200.000" in text_of(client.post(url, form_data(last_wage="Rp 4.500.000,00")))
    html = client.post(url, form_data(last_wage="4,500,000")).content.decode()
    assert 'data-error-for="last_wage"' in html and "mis. 4.500.000" in html


def test_phk_after_filing_is_an_error_on_the_phk_date(client, url):
    """A PHK after the filing date cannot be: the PHK date field says so."""
    html = client.post(url, form_data(phk_date="2025-07-02")).content.decode()
    assert 'data-error-for="phk_date"' in html
    assert "Anda memenuhi syarat JKP" not in html


def test_pkwt_needs_its_end_date(client, url):
    """A contract worker who leaves the end date empty is asked for it; a permanent worker is not."""
    html = client.post(url, form_data(contract_end_date="")).content.decode()
    assert 'data-error-for="contract_end_date"' in html
    text = text_of(client.post(url, form_data(contract_type="PKWTT", contract_end_date="")))
    assert "Anda memenuhi syarat JKP" in text


def test_simple_mode_not_consecutive_under_pp37(client, url):
    """Simple mode, decided under PP37: 20 months but not the last 6 in a row fails NOT_CONSECUTIVE only."""
    data = form_data(
        phk_date="2024-03-15",
        filed_on="2024-04-01",
        decision_date="2024-04-05",
        paid_count="20",
        last6_consecutive="no",
    )
    html = client.post(url, data).content.decode()
    assert "Anda belum memenuhi syarat JKP" in html
    assert re.search(r'data-code="NOT_CONSECUTIVE" data-passed="false"', html)
    assert re.search(r'data-code="INSUFFICIENT_CONTRIBUTIONS" data-passed="true"', html)
    assert "20 bulan iuran lunas pada Apr 2022–Mar 2024" in text_of(client.post(url, data))


def test_simple_mode_checks_the_answers_agree(client, url):
    """Fewer than 6 months cannot include 6 in a row, and a first claim has at most 24 months in its window."""
    html = client.post(url, form_data(paid_count="4", last6_consecutive="yes")).content.decode()
    assert 'data-error-for="paid_count"' in html and "paling sedikit 6" in html
    html = client.post(url, form_data(paid_count="30")).content.decode()
    assert 'data-error-for="paid_count"' in html and "Paling banyak 24 bulan" in html
    html = client.post(url, form_data(paid_count="")).content.decode()
    assert 'data-error-for="paid_count"' in html


def test_simple_mode_too_few_months(client, url):
    """Eleven months in a row is not enough for a first claim."""
    text = text_of(client.post(url, form_data(paid_count="11")))
    assert "Anda belum memenuhi syarat JKP" in text
    assert "11 bulan iuran lunas pada Jul 2023–Jun 2025 (minimal 12)" in text


def test_advanced_mode_ticked_months(client, url):
    """Advanced mode counts exactly the ticked months; 12 ticked is enough under PP6."""
    months = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]
    text = text_of(client.post(url, form_data(contribution_mode="advanced", paid_count="", paid_months=months)))
    assert "Anda memenuhi syarat JKP" in text
    assert "12 bulan iuran lunas pada Jul 2023–Jun 2025 (minimal 12)" in text


def test_advanced_mode_grid_follows_the_phk_date_and_keeps_ticks(client, url):
    """After a calculation the month boxes cover the 24 months up to the PHK month, ticked as sent."""
    response = client.post(url, form_data(contribution_mode="advanced", paid_months=["2024-01", "2025-06"]))
    html = response.content.decode()
    assert html.count('name="paid_months"') == 24
    assert 'value="2023-07"' in html and 'value="2025-06"' in html and 'value="2025-07"' not in html
    assert re.search(r'value="2024-01"\s+id="month-2024-01" autocomplete="off" checked', html)
    assert not re.search(r'value="2024-02"\s+id="month-2024-02" autocomplete="off" checked', html)


def test_refresh_months_without_javascript(client, url):
    """Without JavaScript, "Tampilkan bulan sesuai tanggal PHK" redraws the boxes and judges nothing yet."""
    response = client.post(url, {"phk_date": "2024-03-10", "action": "refresh_months", "last_wage": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2022-04"' in html and 'value="2024-03"' in html and 'value="2024-04"' not in html
    assert "data-error-for" not in html and "memenuhi syarat JKP" not in html
    assert input_value(response, "last_wage") == "abc"


def test_second_claim_grid_reaches_back_to_the_previous_phk(client, url):
    """With a previous claim's PHK the boxes start the month after it, so 60 months can be ticked."""
    response = client.post(url, {"phk_date": "2027-04-15", "previous_phk_1": "2022-03-10", "action": "refresh_months"})
    html = response.content.decode()
    assert 'value="2022-04"' in html and 'value="2022-03"' not in html
    assert html.count('name="paid_months"') == 61


def test_second_claim_in_simple_mode(client, url):
    """Simple mode counts months since the previous claim's PHK: 59 fails, 60 passes."""
    base = dict(
        birth_date="1985-01-01",
        jkp_registered_on="2021-03-01",
        contract_type="PKWTT",
        contract_end_date="",
        phk_date="2027-04-15",
        filed_on="2027-05-01",
        decision_date="2027-05-03",
        previous_phk_1="2022-03-10",
    )
    short = text_of(client.post(url, form_data(paid_count="59", **base)))
    enough = text_of(client.post(url, form_data(paid_count="60", **base)))
    assert "Anda belum memenuhi syarat JKP" in short
    assert "59 bulan iuran lunas setelah PHK klaim sebelumnya (Mar 2022)" in short
    assert "Anda memenuhi syarat JKP" in enough and "Rp 16.200.000" in enough
    too_many = client.post(url, form_data(paid_count="62", **base)).content.decode()
    assert 'data-error-for="paid_count"' in too_many


def test_previous_claim_after_this_phk_is_flagged_on_that_date(client, url):
    """A previous claim's PHK after this PHK is shown on the date box it was typed in."""
    html = client.post(url, form_data(previous_phk_1="2024-01-01", previous_phk_2="2025-08-01")).content.decode()
    assert 'data-error-for="previous_phk_2"' in html
    assert 'data-error-for="previous_phk_1"' not in html


def test_employer_pays_explained(client, url):
    """With more than 3 months of arrears the page says the employer pays first, and the worker is still eligible."""
    text = text_of(client.post(url, form_data(employer_arrears_months="4")))
    assert "Anda memenuhi syarat JKP" in text
    assert "Perusahaan (pemberi kerja) membayar lebih dulu" in text
    assert "menunggak iuran 4 bulan" in text


def test_bankrupt_employer_under_pp6_bpjs_pays(client, url):
    """PP6: a bankrupt employer with 5 months of arrears; BPJS pays (Pasal 39A)."""
    text = text_of(client.post(url, form_data(employer_arrears_months="5", employer_bankrupt_or_closed="on")))
    assert "Pasal 39A" in text
    assert "membayar lebih dulu" not in text


def test_transition_shown_month_by_month(client, url):
    """Decided under PP37 on 2024-11-20: 45 % until January, 60 % from the month due in February 2025."""
    data = form_data(
        phk_date="2024-10-01",
        filed_on="2024-11-15",
        decision_date="2024-11-20",
        last_wage="4000000",
        paid_count="24",
    )
    response = client.post(url, data)
    text = text_of(response)
    assert "Anda memenuhi syarat JKP" in text
    assert "PP 37/2021" in text and "PP37_2021" in text
    rows = re.findall(r"<tr>\s*<td>(\d)</td>(.*?)</tr>", response.content.decode(), flags=re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for _n, row in rows]
    assert cells == [
        "20 Nov 2024 45% Rp 1.800.000",
        "20 Des 2024 45% Rp 1.800.000",
        "20 Jan 2025 45% Rp 1.800.000",
        "20 Feb 2025 PP 6/2025 60% Rp 2.400.000",
        "20 Mar 2025 PP 6/2025 60% Rp 2.400.000",
        "20 Apr 2025 PP 6/2025 60% Rp 2.400.000",
    ]
    assert "Rp 12.600.000" in text
    assert "Ini berlaku pada simulasi Anda" in text
    assert "1 Januari 2025" in text  # PP37 deadline: PHK + 3 months


def test_decision_date_defaults_to_today_or_the_later_filing_date(client, url):
    """Without a decision date the page decides today; a filing date in the future is decided that day."""
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False):
        today = text_of(client.post(url, form_data(decision_date="", filed_on="2025-07-01")))
        later = text_of(client.post(url, form_data(decision_date="", filed_on="2025-07-10")))
    assert "untuk keputusan tanggal 3 Juli 2025" in today and "3 Jul 2025" in today
    assert "untuk keputusan tanggal 10 Juli 2025" in later and "10 Jul 2025" in later


def test_decision_before_jkp_existed_is_an_error(client, url):
    """A decision date before 2 February 2021 has no rule set: the field says so instead of failing."""
    data = form_data(
        jkp_registered_on="2020-01-01",
        phk_date="2021-01-10",
        filed_on="2021-01-20",
        decision_date="2021-02-01",
    )
    html = client.post(url, data).content.decode()
    assert 'data-error-for="decision_date"' in html and "2 Februari 2021" in html


def test_page_is_rate_limited_with_a_friendly_message(settings, client, url):
    """After the limit the page answers 429 with a plain message and keeps what was typed."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon_simulate": "2/min"},
    }
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False) as traveller:
        assert client.post(url, form_data()).status_code == 200
        assert client.post(url, form_data()).status_code == 200
        response = client.post(url, form_data(last_wage="5.100.000"))
        assert response.status_code == 429
        text = text_of(response)
        assert "Terlalu banyak hitungan dalam waktu singkat." in text
        assert "Anda memenuhi syarat JKP" not in text
        assert input_value(response, "last_wage") == "5.100.000"
        # Opening the page is never limited; another address is served; a minute later it works again.
        assert client.get(url).status_code == 200
        assert client.post(url, form_data(), REMOTE_ADDR="10.1.1.1").status_code == 200
        traveller.shift(dt.timedelta(seconds=61))
        assert client.post(url, form_data()).status_code == 200


def test_only_get_and_post(client, url):
    """Other methods are refused."""
    assert client.put(url).status_code == 405
