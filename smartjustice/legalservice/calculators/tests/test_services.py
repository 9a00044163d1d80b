"""The figures table, the loader, and the three ways to run a calculator (CLI, API, page)."""
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.calculators import services
from smartjustice.legalservice.calculators.errors import FigureNotFound, InvalidField
from smartjustice.legalservice.calculators.models import Figure, InsuranceLimitSet

STATS = settings.SHARED_DIR / "domain" / "stats.json"


@pytest.fixture
def loaded(db):
    if not STATS.exists():
        pytest.skip(f"shared statistics not found at {STATS}")
    return services.load_figures()


def test_loader_skips_unreliable_records_and_keeps_the_source(loaded):
    records = json.loads(STATS.read_text(encoding="utf-8"))
    unreliable = sum(1 for record in records if record["reliability"] == "unreliable")

    assert loaded == {"created": len(records) - unreliable, "updated": 0, "unchanged": 0,
                      "skipped_unreliable": unreliable}
    assert not Figure.objects.filter(reliability="unreliable").exists()
    # The conflicting 115101 (unreliable) is not there; the law-firm 128825 is.
    wage = Figure.objects.get(indicator="non_private_unit_avg_annual_wage", region="浙江省", year=2022)
    assert wage.value == Decimal("128825")
    assert wage.reliability == "law_firm"
    assert wage.source_title
    assert AuditEntry.objects.filter(action="calculators.figures.loaded").count() == 1


def test_loader_is_idempotent(loaded):
    again = services.load_figures()

    assert again["created"] == 0 and again["updated"] == 0
    assert again["unchanged"] == loaded["created"]
    assert InsuranceLimitSet.objects.count() == 2


def test_bad_file_changes_nothing(db, tmp_path):
    path = tmp_path / "stats.json"
    path.write_text(json.dumps([{"indicator": "x", "region": "r", "year": 2020, "value": 1, "source_title": "s",
                                 "reliability": "official"},
                                {"indicator": "y", "region": "r", "year": 2020, "value": "abc",
                                 "source_title": "s", "reliability": "official"}]), encoding="utf-8")

    with translation.override("en"), pytest.raises(InvalidField, match="Record 2 has a value that is not a number"):
        services.load_figures(path)

    assert Figure.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_figure_is_looked_up_by_region_and_year_and_named(loaded):
    result = services.calculate("injury-death", {"age": 50, "region": "浙江省", "year": 2022})

    # 71268 × 20 = 1425360; funeral from the non-private annual wage 128825 ÷ 12 × 6 = 64412.5.
    assert result.as_json()["items"][0]["amount"] == "1425360.00"
    assert result.as_json()["items"][1]["amount"] == "64412.50"
    assert [(f["key"], f["value"], f["region"], f["year"]) for f in result.as_json()["figures"]] == [
        ("urban_per_capita_disposable_income", "71268", "浙江省", 2022),
        ("non_private_unit_avg_annual_wage", "128825", "浙江省", 2022)]


def test_unreliable_figure_is_never_used(loaded):
    # 浙江省 2019 urban income exists only as an unreliable record.
    with pytest.raises(FigureNotFound) as caught:
        services.calculate("injury-death", {"age": 50, "region": "浙江省", "year": 2019,
                                            "employee_avg_wage_monthly": "1"})

    assert caught.value.code == "figure_not_found"
    assert caught.value.field == "urban_income"


def test_national_figure_for_work_death(loaded):
    result = services.calculate("work-death", {"year": 2024, "area_avg_wage_monthly": "7000"})

    # 20 × 54188 (national 2024) = 1083760.
    assert result.as_json()["items"][0]["amount"] == "1083760.00"
    assert result.as_json()["figures"][0]["region"] == "national"


CASES = [
    ("labor-compensation", {"start_date": "2005-01-01", "end_date": "2024-12-31", "monthly_wage": "30000",
                            "city_avg_wage_monthly": "9000"}),
    ("double-wages", {"start_date": "2024-01-10", "end_date": "2024-05-20", "monthly_wage": "6000"}),
    ("work-injury", {"grade": 7, "own_monthly_wage": "5000", "province_avg_wage_monthly": "9000", "age": 57,
                     "retirement_age": 60}),
    ("work-death", {"national_urban_income_prev_year": "54188", "area_avg_wage_monthly": "7000"}),
    ("injury-death", {"age": 65, "urban_income": "78251", "employee_avg_wage_monthly": "10000"}),
    ("injury-disability", {"age": 62, "urban_income": "78251", "grade": 8, "medical_expenses": "100.05"}),
    ("traffic-accident", {"accident_date": "2024-05-01", "collision": "vehicle_pedestrian", "responsibility": "main",
                          "death_disability_loss": "300000"}),
]


@pytest.mark.parametrize("name,data", CASES, ids=[case[0] for case in CASES])
def test_cli_and_api_return_identical_json(loaded, client, name, data):
    out = StringIO()
    call_command("calc", name, "--input", json.dumps(data), stdout=out)
    from_cli = json.loads(out.getvalue())

    response = client.post(f"/api/v1/calculators/{name}", data=json.dumps(data), content_type="application/json")

    assert response.status_code == 200
    assert response.json() == from_cli
    assert from_cli["calculator"] == name
    assert set(from_cli) == {"calculator", "total", "items", "figures"}
    assert all(set(item) == {"key", "label", "amount", "formula", "citation"} for item in from_cli["items"])
    assert all(set(figure) == {"key", "value", "region", "year", "source"} for figure in from_cli["figures"])


def test_api_error_names_the_field(db, client):
    response = client.post("/api/v1/calculators/work-injury", data=json.dumps({"grade": 11, "own_monthly_wage": "1"}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_field",
                                         "message": "“Disability grade (1–10)” must be a whole number from 1 to 10.",
                                         "fields": {"grade": [
                                             "“Disability grade (1–10)” must be a whole number from 1 to 10."]}}}


def test_api_unknown_calculator_is_404(db, client):
    response = client.post("/api/v1/calculators/nope", data="{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_calculator"


def test_cli_bad_input_exits_2(db):
    with pytest.raises(CommandError) as caught:
        call_command("calc", "injury-death", "--input", json.dumps({"age": 200}))

    assert caught.value.returncode == 2


def test_page_shows_formula_and_citation(db, client):
    response = client.get("/calculators/labor-compensation", {
        "submitted": "1", "start_date": "2018-03-01", "end_date": "2024-08-31", "monthly_wage": "10000",
        "city_avg_wage_monthly": "8000"}, HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<span id="calc-total">70000.00</span>' in body
    assert "7 × 10000.00 = 70000.00" in body
    assert "《劳动合同法》第四十七条" in body


def test_page_error_is_shown_with_role_alert(db, client):
    response = client.get("/calculators/work-injury", {"submitted": "1", "grade": "11", "own_monthly_wage": "5000"},
                          HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert 'role="alert"' in body
    assert "must be a whole number from 1 to 10" in body
    assert 'id="calc-total"' not in body
