"""A search by phone number never puts the digits in a URL (issue 16 finding 8): URLs end up in access
logs, proxy logs, the browser history and Referer headers. The filter form is posted; a phone-like
search is kept in the session and the list's URL carries a token."""

import csv
import io
import re

import pytest
from django.urls import reverse

from core.access import Role
from stakeholders.tests.factories import StakeholderFactory

DIGITS = re.compile(r"8127777|7777.?0001")


@pytest.mark.django_db
def test_a_posted_phone_search_redirects_to_a_url_without_the_digits_and_finds_the_person(officer, client_for):
    StakeholderFactory(name="Pak Rahmat", phone="+6281277770001")
    StakeholderFactory(name="Bu Sari", phone="+6281299990002")
    StakeholderFactory.create_batch(30)
    client = client_for(officer)

    response = client.post(reverse("stakeholders:list"), {"q": "0812-7777-0001", "sort": "-influence"})

    assert response.status_code == 303
    url = response["Location"]
    assert not DIGITS.search(url) and "search=" in url and "sort=-influence" in url
    page = client.get(url)
    assert [p.name for p in page.context["page"].object_list] == ["Pak Rahmat"]
    body = page.content.decode()
    # The links on the page (pagination, sorting, export) carry the token, never the digits.
    for href in re.findall(r'href="([^"]+)"', body):
        assert not DIGITS.search(href), href
    export = client.get(reverse("stakeholders:export") + url[url.index("?") :] + "&fmt=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Pak Rahmat"]


@pytest.mark.django_db
def test_the_posted_search_finds_by_phone_without_other_filters(officer, client_for):
    StakeholderFactory(name="Pak Rahmat", phone="+6281277770001")
    StakeholderFactory(name="Bu Sari", phone="+6281299990002")
    client = client_for(officer)
    url = client.post(reverse("stakeholders:list"), {"q": "081277770001"})["Location"]
    assert [p.name for p in client.get(url).context["page"].object_list] == ["Pak Rahmat"]
    # The form shows what was typed; another browser (no session) cannot replay the token.
    assert 'value="081277770001"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_name_search_stays_a_plain_link(officer, client_for):
    response = client_for(officer).post(reverse("stakeholders:list"), {"q": "Rahmat"})
    assert response.status_code == 303 and "q=Rahmat" in response["Location"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_request_the_browser_makes_carries_the_phone_digits(make_user, login_page, live_server):
    StakeholderFactory(name="Pak Rahmat", phone="+6281277770001")
    page = login_page(make_user(Role.OFFICER))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/stakeholders/")
    page.fill("input[name=q]", "0812-7777-0001")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")

    assert page.locator("[data-testid=result-count]").inner_text().startswith("1 ")
    assert "Pak Rahmat" in page.content()
    assert page.input_value("input[name=q]") == "0812-7777-0001"
    assert requested and not [url for url in requested if DIGITS.search(url)]
    assert not DIGITS.search(page.url)
