"""Blank import templates: a header row and an instructions sheet (in Chinese)."""

from __future__ import annotations

from .runner import IMPORTERS
from .table import write_xlsx


def write_template(kind: str, target) -> None:
    importer = IMPORTERS[kind]
    header = [col.zh for col in importer.columns]
    instructions: list[tuple[str, ...]] = [("列名", "英文列名", "必填", "说明")]
    instructions += [
        (col.zh, col.en, "是" if col.required else "否", col.help_zh) for col in importer.columns
    ]
    instructions += [
        (),
        ("导入规则",),
        ("1. 第一行为列名，可用中文或英文列名，列的顺序不限。",),
        ("2. 所有行先校验；任何一行有错，整个文件都不写入，并给出带“错误”列的副本。",),
        ("3. 重复导入同一文件不会产生重复数据：人员按证件号码、楼栋按编码、户按户号更新。",),
        ("4. 证件号码、电话加密保存，界面上按权限脱敏显示。",),
    ]
    write_xlsx(target, header, [], sheet="数据", extra_sheets={"填写说明": instructions})
