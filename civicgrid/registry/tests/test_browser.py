"""The person page in a browser: masked without the birth date, whole after an audited reveal."""

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.web.tests.browser import PHONE, browser_db, fits_the_screen

pytestmark = [browser_db, pytest.mark.browser]
WIDE = {"width": 1440, "height": 900}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1440", "360"])
def test_a_dispatcher_sees_the_masked_number_and_the_birth_year_only(
    open_page, world, tree, viewport
):
    dispatcher = user_with_role("disp", tree.street, Role.DISPATCHER)
    page = open_page(dispatcher, viewport=viewport)
    page.goto(reverse("registry:person", args=[world["p1"].pk]))
    page.screenshot(path=f"/tmp/pii_person_dispatcher_{viewport['width']}.png", full_page=True)
    text = page.inner_text("body")
    assert world["p1"].id_number_masked in text and "1980" in text
    assert "1980-01-02" not in text and "01-02" not in text
    assert "查看级别" not in text and "社区矫正" not in text  # hidden groups: not a word
    assert page.get_by_role("button", name="查看证件号码").count() == 0  # no view_pii
    assert fits_the_screen(page)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1440", "360"])
def test_a_view_pii_user_sees_the_date_only_with_the_revealed_number(
    open_page, world, street_leader, viewport
):
    page = open_page(street_leader, viewport=viewport)
    page.goto(reverse("registry:person", args=[world["p1"].pk]))
    assert "1980-01-02" not in page.inner_text("body")
    # the reveal is a form's post: a click does not wait for the page it brings, and the page
    # in hand is loaded already (wait_for_load_state would not wait)
    with page.expect_navigation():
        page.get_by_role("button", name="查看证件号码").click()
    page.screenshot(path=f"/tmp/pii_person_revealed_{viewport['width']}.png", full_page=True)
    text = page.inner_text("body")
    assert world["p1"].reveal("id_number") in text and "1980-01-02" in text
    assert fits_the_screen(page)
