"""The class suggestion in a real browser, as an operator on the phone uses it (1440×900): types
what the caller says into the new case's description, sees three suggested classes appear, and
clicks one — the class field takes its code and the class's questions follow. The page passes
axe and fits the screen."""

import pytest

from civicgrid.insight import suggestions
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_operator_takes_a_suggested_class_while_typing(open_page, loop):
    suggestions.retrain()
    page = open_page(loop.operator, viewport=DESKTOP)
    page.goto("/cases/new/")
    page.locator("#description").fill("喂你好，我们楼下那个倒垃圾的地方桶全满了，袋子都堆到外面")
    page.locator("#class-suggestions [data-class-code]").first.wait_for()
    buttons = page.locator("#class-suggestions [data-class-code]")
    assert buttons.count() == 3
    codes = [buttons.nth(n).get_attribute("data-class-code") for n in range(3)]
    assert "06042" in codes, codes
    page.locator('#class-suggestions [data-class-code="06042"]').click()
    assert page.locator("#case_class").input_value() == "06042"
    looked_at(page, "insight-intake-suggestion-desktop")
