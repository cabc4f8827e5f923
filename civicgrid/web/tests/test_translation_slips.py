"""One English word, two meanings, two translations: a msgid reused with another meaning carries
a context (pgettext) and scripts/zh_hans.tsv gives each context its own Chinese. "Minutes" of a
council meeting are 会议记录, not the mediation's 调解记录; a subsidy is "for" a purpose (用途),
not a vote "for" (赞成); a date "from" is not a case's former state (原状态); a person's name is
姓名, not an organisation's 名称."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SLIPS = {  # (context, msgid): (its Chinese, the Chinese the plain msgid keeps)
    ("meeting", "minutes"): ("会议记录", "调解记录"),
    ("meeting", "Write the minutes."): ("请填写会议记录。", "请填写调解记录。"),
    ("subsidy", "for"): ("用途", "赞成"),
    ("date", "from"): ("起始日期", "原状态"),
    ("person", "name"): ("姓名", "名称"),
    ("person", "Name"): ("姓名", "名称"),
    ("actor", "by"): ("经办人", "期限"),  # who acted, not "due by"
    ("count", "reported"): ("上报数", "上报于"),  # a day's count, not "reported on"
    ("case", "Units"): ("承办单位", "实有单位"),  # the units handling a case, not the register's
    ("council", "Members"): ("组成人员", "家庭成员"),  # a council's, not a household's
}
# where each meaning is used: a file and the exact call
USES = [
    ("civicgrid/participation/council_models.py", 'pgettext_lazy("meeting", "minutes")'),
    ("civicgrid/participation/councils.py", 'pgettext("meeting", "Write the minutes.")'),
    ("civicgrid/participation/templates/participation/meeting.html",
     '{% translate "minutes" context "meeting" %}'),
    ("civicgrid/orgs/models.py", 'pgettext_lazy("subsidy", "for")'),
    ("civicgrid/orgs/templates/orgs/organisation.html", '{% translate "for" context "subsidy" %}'),
    ("civicgrid/orgs/templates/orgs/subsidies.html", '{% translate "for" context "subsidy" %}'),
    ("civicgrid/orgs/templates/orgs/public.html", '{% translate "for" context "subsidy" %}'),
    ("civicgrid/orgs/models.py", 'pgettext_lazy("date", "from")'),
    ("civicgrid/duties/models.py", 'pgettext_lazy("date", "from")'),
    ("civicgrid/estates/models.py", 'pgettext_lazy("date", "from")'),
    ("civicgrid/disputes/models.py", 'pgettext_lazy("date", "from")'),
    ("civicgrid/participation/templates/participation/opinions.html",
     '{% translate "from" context "date" %}'),
    ("civicgrid/registry/models/people.py", 'pgettext_lazy("person", "name")'),
    ("civicgrid/registry/models/units.py", 'pgettext_lazy("person", "name")'),
    ("civicgrid/burden/models.py", 'verbose_name=pgettext_lazy("actor", "by")'),
    ("civicgrid/figures/models.py", 'pgettext_lazy("count", "reported")'),
    ("civicgrid/cases/templates/cases/case_detail.html", '{% translate "Units" context "case" %}'),
    ("civicgrid/participation/templates/participation/council.html",
     '{% translate "Members" context "council" %}'),
]  # fmt: skip


def _table() -> dict:
    """The table as scripts/apply_translations.py reads it (the script is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "apply_translations", ROOT / "scripts" / "apply_translations.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script.read_table()


def test_each_meaning_has_its_own_translation():
    table = _table()
    for (context, msgid), (chinese, plain) in SLIPS.items():
        assert table.get((context, msgid)) == chinese, (context, msgid)
        assert table.get(msgid) == plain, msgid  # the other meaning keeps its own


def test_each_place_asks_for_its_meaning():
    for path, call in USES:
        assert call in (ROOT / path).read_text(encoding="utf-8"), (path, call)
    # the mediation's minutes stay the plain msgid; no meeting page asks for it
    meeting = (ROOT / "civicgrid/participation/templates/participation/meeting.html").read_text()
    assert not re.search(r'translate "minutes" %}', meeting)
