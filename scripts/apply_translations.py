"""Fill the zh_Hans catalogue from scripts/zh_hans.tsv (msgid TAB msgstr) and plural forms.

Run after `make messages` picks up new strings; it reports any msgid still untranslated.

A msgid that means different things in different places carries a context (pgettext,
``{% translate "minutes" context "meeting" %}``); its line starts with @ and the context:
``@meeting TAB minutes TAB 会议记录``.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLURALS = {
    "%(n)s due for review": "%(n)s 条待复核",
    "%(n)s number waiting": "%(n)s 人等候",
    "%(n)s number before you": "前面还有 %(n)s 人",
    "within %(n)s working day": "%(n)s 个工作日内办结",
    "passed up; within %(n)s working day": "报上级办理，%(n)s 个工作日内办结",
    "%(n)s resident nominated so far; candidates are named here once the election committee puts them on the ballot.": "已有 %(n)s 人被提名；选举委员会确定为正式候选人后在此公布姓名。",
    "at most %(n)s candidate (the seats)": "最多选 %(n)s 人（应选名额）",
    "nominated by %(n)s resident": "%(n)s 人提名",
    "Any registered resident of voting age may be nominated, yourself included. You may nominate %(n)s candidate, until %(until)s.": "凡达到投票年龄的登记居民均可被提名，也可自荐。您最多可提名 %(n)s 人（与应选名额相同），截止 %(until)s。",
    "Tick at most %(n)s candidate.": "最多选 %(n)s 名候选人（与应选名额相同）。",
    "Choose at most %(n)s candidate.": "最多选 %(n)s 名候选人。",
    "%(n)s volunteer": "%(n)s 名志愿者",
    "%(n)s star": "%(n)s 星",
    "%(n)s complaint made in its buildings, %(open)s open.": "楼内共有 %(n)s 件投诉，%(open)s 件未办结。",
    "%(n)s estate": "%(n)s 个小区",
    "%(n)s building": "%(n)s 栋楼宇",
    "%(n)s visit": "%(n)s 次走访",
    "%(n)s campaign": "%(n)s 次排查行动",
    "%(n)s person working in it": "楼内从业 %(n)s 人",
    "%(n)s task unfunded: the list gives no money for it, or nothing came for it this year.": "%(n)s 项协助事项未落实经费：清单未列经费，或本年尚无到账。",
    "%(n)s community is below the district's floor this year.": "本年有 %(n)s 个社区低于全区保障标准。",
    "%(n)s claim": "%(n)s 笔",
    "%(n)s rater": "%(n)s 位评议人",
    "%(n)s record; the year-end assessment reads those that stand.": "%(n)s 条记录；年度考核读取有效记录。",
    "a term of %(n)s year": "任期 %(n)s 年",
    "%(n)s resident took part": "%(n)s 名居民参与",
    "%(n)s worker": "%(n)s 名人员",
    "%(n)s record": "%(n)s 条记录",
    "%(n)s member on the rosters": "名册在册 %(n)s 名党员",
    "%(n)s floor": "%(n)s 层",
    "%(n)s problem found; nothing was written.": "发现 %(n)s 个问题，未写入任何数据。",
    "%(n)s case": "%(n)s 件案件",
    "%(n)s party member": "%(n)s 名党员",
    "version %(n)s, in force from %(day)s, %(count)s item": "第 %(n)s 版，%(day)s 起施行，共 %(count)s 项",
}


def read_table() -> dict:
    """msgid → msgstr from zh_hans.tsv; a line ``@context TAB msgid TAB msgstr`` gives the
    translation of that msgid in that context, keyed (context, msgid)."""
    table = {}
    for line in (ROOT / "scripts" / "zh_hans.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("@") and line.count("\t") >= 2:
            context, msgid, msgstr = line[1:].split("\t", 2)
            table[(context, msgid)] = msgstr
        elif "\t" in line:
            msgid, msgstr = line.split("\t", 1)
            table[msgid] = msgstr
    return table


def main() -> int:
    table = read_table()
    po = polib.pofile(str(ROOT / "civicgrid/locale/zh_Hans/LC_MESSAGES/django.po"))
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in po:
        if entry.msgid_plural:
            if entry.msgid in PLURALS:
                entry.msgstr_plural = {0: PLURALS[entry.msgid]}
            else:
                missing.append(entry.msgid)
        elif (key := (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid) in table:
            entry.msgstr = table[key]
        else:
            # makemessages guesses a fuzzy msgstr from a similar msgid: never ship a guess
            entry.msgstr = ""
            missing.append(f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()
    po.save_as_mofile(str(ROOT / "civicgrid/locale/zh_Hans/LC_MESSAGES/django.mo"))
    en = polib.pofile(str(ROOT / "civicgrid/locale/en/LC_MESSAGES/django.po"))
    en.save_as_mofile(str(ROOT / "civicgrid/locale/en/LC_MESSAGES/django.mo"))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
