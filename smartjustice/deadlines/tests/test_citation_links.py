"""Due dates and rules link their citations into the statute library (issue #3 §1)."""
from urllib.parse import quote

from django.urls import reverse

from smartjustice.statutes.tests.conftest import RECONSIDERATION_2023, write_corpus


def test_rules_page_links_citations_of_laws_in_the_library(client, db, tmp_path):
    from smartjustice.statutes.services import import_corpus

    import_corpus(write_corpus(tmp_path / "laws", {"宪法相关法/行政复议法(2023-09-01).md": RECONSIDERATION_2023}),
                  rebuild_index=False)

    html = client.get(reverse("deadlines:rules")).content.decode()

    link = reverse("statutes:cite", args=["行政复议法", "第六十二条"])
    assert f'href="{link}"' in html or f'href="{quote(link)}"' in html
    civil_code = reverse("statutes:cite", args=["民法典", "第二百零一条"])
    assert "《民法典》第二百零一条" in html
    assert civil_code not in html and quote(civil_code) not in html  # not in this library: plain text
