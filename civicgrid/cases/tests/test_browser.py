"""The case pages in a real browser: a handler and a grid worker on a 360-pixel phone, a resident
reporting on the portal from a phone, the dispatcher's queue map on a desktop."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.web.tests.browser import DESKTOP, browser_db, fits_the_screen, wait_until

from .fixtures import MONDAY
from .test_intake import jpeg
from .test_views import seeded

pytestmark = [browser_db, pytest.mark.browser]


def portal_report(open_page, description: str):
    """A resident's phone on the portal, the class chosen, the form filled up to the position
    (which the phone gives). Returns the page, ready for the name, phone and photos."""
    page = open_page(
        geolocation={"latitude": 31.12, "longitude": 121.41}, permissions=["geolocation"]
    )
    page.goto("/portal/?case_class=06010")
    page.wait_for_selector("[data-location-map][data-basemap]")  # the location widget's map
    page.locator("#answer_volume").select_option("small")
    page.locator("#description").fill(description)
    page.locator("[data-location-me]").click()
    wait_until(page, "document.getElementById('lon').value !== ''")
    return page


def _act(page, action: str):
    """Open the action's panel on the case page and return its form."""
    form = page.locator(f'form[action$="/act/{action}"]')
    details = page.locator("details", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def test_handler_signs_and_reports_handled_on_a_phone(open_page, loop):
    case = seeded(loop)
    for action, actor in (("register", loop.shift_lead), ("dispatch", loop.dispatcher)):
        case_transition(case_id=case.pk, action=action, actor=actor, now=MONDAY)
    page = open_page(loop.handler)
    page.goto("/cases/?queue=handler")
    assert fits_the_screen(page)
    page.get_by_role("link", name=case.number).click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert fits_the_screen(page)
    # a click does not wait for the navigation it starts and the page in hand is loaded
    # already: wait for the next page, then ask the database
    with page.expect_navigation():
        _act(page, "sign").locator("button[type=submit]").click()
    assert Case.objects.get(pk=case.pk).state == "handling"
    form = _act(page, "report_handled")
    photo = jpeg().read()
    form.locator('input[type="file"]').set_input_files(
        {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": photo}
    )
    form.locator("textarea").fill("已清理完毕")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == "handled" and case.attachments.filter(kind="after").count() == 1
    assert "已清理完毕" in page.content() and fits_the_screen(page)


def test_grid_worker_verifies_with_the_phone_position(open_page, loop):
    case = seeded(loop)
    case_transition(case_id=case.pk, action="send_to_verify", actor=loop.operator, now=MONDAY)
    page = open_page(
        loop.supervisor,
        geolocation={"latitude": 31.1201, "longitude": 121.4102},
        permissions=["geolocation"],
    )
    page.goto(f"/cases/{case.pk}/")
    form = _act(page, "verify")
    lon = form.locator('input[data-geo="lon"]')
    wait_until(page, "el => el.value !== ''", arg=lon.element_handle())
    form.locator("#conf-yes").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    event = Case.objects.get(pk=case.pk).events.get(action="verify")
    assert event.data["position"] == [121.4102, 31.1201]
    assert fits_the_screen(page)


def test_resident_reports_from_a_phone(open_page, loop):
    page = portal_report(open_page, "路口垃圾没人清")
    assert fits_the_screen(page)
    page.locator("#reporter_name").fill("王女士")
    page.locator("#reporter_phone").fill("13812345678")
    page.locator("#photos").set_input_files(
        {"name": "p.jpg", "mimeType": "image/jpeg", "buffer": jpeg().read()}
    )
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/portal/cases/**")
    case = Case.objects.get()
    assert case.channel == "web" and (case.lon, case.lat) == (121.41, 31.12)
    assert case.number in page.content() and fits_the_screen(page)


def test_dispatcher_sees_the_queue_on_a_map(open_page, loop):
    cases = [seeded(loop) for _ in range(2)]
    for case in cases:
        case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    page = open_page(loop.dispatcher, viewport=DESKTOP)
    page.goto("/cases/?queue=dispatcher")
    page.wait_for_selector('#queue-map[data-loaded="2"]')
    assert page.locator("#queue-map .leaflet-interactive").count() == 2


def test_operators_work_from_the_keyboard(open_page, loop):
    first, second = seeded(loop), seeded(loop)
    page = open_page(loop.shift_lead, viewport=DESKTOP)
    page.goto("/cases/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == second.number
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == first.number
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{second.pk}/")
    page.keyboard.press("a")
    opened = page.locator("details[open] form[action*='/act/']").first
    # the open panel: the shift lead's main next step on a reported case (docs/desk.md)
    assert opened.get_attribute("action").endswith("/act/register")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("?")
    page.locator("#shortcuts-help").wait_for(state="visible")


def test_the_case_sheet_prints_without_forms_or_map(open_page, loop):
    case = seeded(loop)
    page = open_page(loop.shift_lead, viewport=DESKTOP)
    page.goto(f"/cases/{case.pk}/")
    page.emulate_media(media="print")
    assert page.get_by_text("工单", exact=True).is_visible()
    assert page.get_by_text(case.number).first.is_visible()
    assert not page.locator("form[action*='/act/']").first.is_visible()
    assert not page.locator("#case-map").is_visible()


def test_a_large_photo_is_made_smaller_before_it_is_sent_keeping_its_position(open_page, loop):
    """A 12-megapixel phone photo, taken turned (EXIF orientation 6) with a GPS position, leaves
    the browser as a smaller upright JPEG that still carries the position."""
    import io

    from PIL import Image

    from civicgrid.cases.models import CaseAttachment

    image = Image.effect_noise((4000, 3000), 64).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: the picture is shown rotated 90° clockwise
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 7.0, 12.0), 3: "E", 4: (121.0, 24.0, 36.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    original = out.getvalue()
    page = portal_report(open_page, "路灯倒了")
    page.locator("#photos").set_input_files(
        {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": original}
    )
    page.wait_for_selector("#photos[data-shrunk]", state="attached")
    sent = page.evaluate("document.getElementById('photos').files[0].size")
    assert sent < len(original) / 4
    assert "MB" in page.locator("#photos-shrink").inner_text()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/portal/cases/**")
    photo = CaseAttachment.objects.get(case=Case.objects.get())
    assert round(photo.lat, 3) == 31.12 and round(photo.lon, 3) == 121.41  # from the EXIF kept
    with Image.open(photo.file) as stored:
        assert stored.size == (1200, 1600)  # upright (portrait), not turned a second time
