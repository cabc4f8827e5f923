"""A refused form names the field by its label, never by its key ("address:", "answers.volume:")."""

import pytest
from django.template import Context, Template
from django.utils import translation

from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import explained, field_label


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_refused_field_is_named_by_its_label(lang):
    with translation.override(lang):
        address = str(Case._meta.get_field("address").verbose_name)
        answers = str(Case._meta.get_field("answers").verbose_name)
        said = explained(DomainError("请填写。", field="address"))
        assert said == f"{address}: 请填写。"
        assert explained(DomainError("必答。", field="answers.volume")) == f"{answers}: 必答。"
        # a key no model field carries: the message alone, not the key
        assert explained(DomainError("格式不对。", field="no_such_field.3")) == "格式不对。"
        assert explained(DomainError("不行。")) == "不行。"
        shown = Template("{% load civicgrid_web %}{{ f|field_label|safe }}").render(
            Context({"f": "answers.volume"})
        )
        assert shown == answers == field_label("answers.volume")
    with translation.override("zh-hans"):
        assert "address" not in explained(DomainError("请填写。", field="address"))
