"""Person import, with tags, household membership and the person–house relation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from civicgrid.core import pii
from civicgrid.core.bulk import BulkWriter, allocate_ids

from ..choices import IdType
from ..models import House, Household, Person, PersonTag, Residence, Tag
from ..validation import FieldError, clean_identity, clean_phone
from . import columns as cells
from .columns import CellError, Column
from .places import PLACE_COLUMNS, HouseResolver
from .runner import Importer, register
from .upsert import chunks, lookup, upsert

PERSON_INSERT_COLUMNS = [
    "name",
    "id_type",
    "id_number_enc",
    "id_number_index",
    "id_number_masked",
    "gender",
    "birth_date",
    "phone_enc",
    "phone_index",
    "phone_masked",
    "residence_type",
    "grid_id",
    "household_id",
    "relation",
    "notes",
    "active",
]
PERSON_COMPARE = [
    "name",
    "id_type",
    "gender",
    "birth_date",
    "phone_index",
    "residence_type",
    "grid_id",
    "household_id",
    "relation",
    "notes",
    "active",
]


@register
class PersonImporter(Importer):
    kind = "persons"
    key_column = "id_number"
    tables = (Person, PersonTag, Residence, Household, House)
    columns = [
        Column("name", "姓名", "Name", True, max_length=cells.length(Person, "name")),
        Column("id_type", "证件类型", "Document type", help_zh="居民身份证（默认）或 其他证件"),
        Column("id_number", "证件号码", "ID number", True, "18位，15位旧号自动升级"),
        Column("gender", "性别", "Gender", help_zh="男、女；身份证可空"),
        Column("birth_date", "出生日期", "Birth date", help_zh="2026-11-23；身份证可空"),
        Column("phone", "联系电话", "Phone"),
        Column("residence_type", "人口类型", "Residence type", True, cells.residence_type.allowed),
        *PLACE_COLUMNS,
        Column(
            "residence_kind", "居住方式", "Residence kind", help_zh=cells.residence_kind.allowed
        ),
        Column(
            "household", "户号", "Household number", max_length=cells.length(Household, "number")
        ),
        Column("relation", "与户主关系", "Relation to householder", help_zh=cells.relation.allowed),
        Column("tags", "标签", "Tags", help_zh="标签名称或编码，用顿号分隔"),
        Column("notes", "备注", "Notes"),
    ]

    def prepare(self, records):
        self.load_grids()
        self.places = HouseResolver()
        self.places.load({str(r.get("building", "")) for r in records} - {""})
        self.tags = {}
        for tag in Tag.objects.all():
            self.tags[tag.code] = tag.pk
            self.tags[tag.name] = tag.pk
        numbers = {str(r.get("household", "")) for r in records} - {""}
        self.households = {}
        for batch in chunks(sorted(numbers)):
            self.households.update(
                {
                    n: (pk, g)
                    for n, pk, g in Household.objects.filter(number__in=batch).values_list(
                        "number", "pk", "grid_id"
                    )
                }
            )

    def clean(self, rec, err):
        out: dict = {"name": str(rec.get("name", ""))}
        if not out["name"] or len(out["name"]) > 50:
            err("name", out["name"], _("A name has 1–50 characters."))
        parsed: dict[str, Any] = {}
        for key, parse in (
            ("id_type", cells.id_type),
            ("gender", cells.gender),
            ("birth_date", cells.parse_date),
            ("residence_type", cells.residence_type),
            ("residence_kind", cells.residence_kind),
            ("relation", cells.relation),
        ):
            value = rec.get(key, "")
            if value != "":
                try:
                    parsed[key] = parse(value)
                except CellError as exc:
                    err(key, value, exc)
        if "residence_type" not in parsed and rec.get("residence_type", "") == "":
            err("residence_type", "", _("This field is required."))
        try:
            number, gender, birth = clean_identity(
                parsed.get("id_type", IdType.RESIDENT_ID),
                str(rec.get("id_number", "")),
                parsed.get("gender"),
                parsed.get("birth_date"),
            )
        except FieldError as exc:
            err(exc.field, rec.get(exc.field, ""), exc.message)
            number, gender, birth = "", "", None
        try:
            phone = clean_phone(str(rec.get("phone", "")))
        except FieldError as exc:
            err("phone", rec.get("phone", ""), exc.message)
            phone = ""
        grid_code = str(rec.get("grid", ""))
        grid_id = self.grid_of(grid_code, err) if grid_code else None
        house = self.places.key(rec, err, grid_id=grid_id)
        if grid_id is None and not grid_code:
            building_grid = self.places.grid_of_building(str(rec.get("building", "")))
            if building_grid is None:
                if not rec.get("building"):
                    err("grid", "", _("Give a grid code or a building and room."))
            else:
                grid_id = self.grid_allowed(building_grid, rec.get("building"), err)
        household = str(rec.get("household", ""))
        if household in self.households and grid_id and self.households[household][1] != grid_id:
            err("household", household, _("This household is registered in another grid."))
        tag_ids = None
        if "tags" in self.present:
            tag_ids = set()
            for name in cells.split_list(str(rec.get("tags", ""))):
                if name not in self.tags:
                    err("tags", name, _("No tag has this name or code."))
                else:
                    tag_ids.add(self.tags[name])
        out.update(
            _key=number,
            id_type=parsed.get("id_type", IdType.RESIDENT_ID),
            id_number=number,
            gender=gender,
            birth_date=birth,
            phone=phone,
            residence_type=parsed.get("residence_type", ""),
            grid_id=grid_id,
            _house=house,
            _kind=parsed.get("residence_kind", "own"),
            _household=household,
            relation=parsed.get("relation", ""),
            _tags=tag_ids,
        )
        if "notes" in self.present:
            out["notes"] = str(rec.get("notes", ""))
        return out

    def seal(self, cleaned):
        """The stored forms of the ID number and phone: (ciphertext, blind index, masked)."""
        number, phone = cleaned["id_number"], cleaned["phone"]
        cleaned["_sealed"] = (
            pii.encrypt(number),
            pii.blind_index(number),
            pii.mask_id_number(number),
            pii.encrypt(phone),
            pii.blind_index(phone),
            pii.mask_phone(phone),
        )

    def _sealed(self, row) -> tuple:
        if row["_sealed"] is not None:
            return row["_sealed"]
        number, phone = row["_plain"]
        return (
            pii.encrypt(number),
            row["id_number_index"],
            pii.mask_id_number(number),
            pii.encrypt(phone),
            row["phone_index"],
            pii.mask_phone(phone),
        )

    def write(self, cleaned, report, bar):
        self.places.ensure({r["_house"] for r in cleaned if r["_house"]})
        self._ensure_households(cleaned)
        rows = []
        for r in cleaned:
            row = {
                k: v
                for k, v in r.items()
                if not k.startswith("_") and k not in ("id_number", "phone")
            }
            sealed = row["_sealed"] = r.get("_sealed")  # from a checking process
            if sealed is None:  # encrypted and masked chunk by chunk in _insert
                row["_plain"] = (r["id_number"], r["phone"])
                row["id_number_index"] = r["_key_index"] = pii.blind_index(r["id_number"])
                row["phone_index"] = pii.blind_index(r["phone"])
            else:
                row["id_number_index"] = r["_key_index"] = sealed[1]
                row["phone_index"] = sealed[4]
            row["household_id"] = self.households[r["_household"]][0] if r["_household"] else None
            row["active"] = True
            rows.append(row)

        def apply(person, row):
            for field in compare:
                setattr(person, field, row[field])
            person.phone_enc, person.phone_index, person.phone_masked = self._sealed(row)[3:]

        compare = [f for f in PERSON_COMPARE if f != "notes" or "notes" in self.present]
        self.new_ids: set[int] = set()
        with BulkWriter() as self.writer:
            counts, ids = upsert(
                Person,
                "id_number_index",
                rows,
                compare=compare,
                apply=apply,
                insert=self._insert,
                on_progress=bar.update,
                update_fields=[*compare, "phone_enc", "phone_masked"],
            )
            extra = self._links(cleaned, ids)
        report.add(counts)
        # A row whose person was unchanged but whose tags or house changed counts as updated.
        moved = min(extra, counts["unchanged"])
        report.unchanged -= moved
        report.updated += moved

    def _insert(self, rows: list[dict]) -> list[int]:
        """New persons through the fast path (encrypted, indexed and masked by ``seal``), written
        by the background writer while the next chunk is prepared."""
        ids = allocate_ids(Person, len(rows))
        for start in range(0, len(rows), 5000):
            tuples = []
            for r in rows[start : start + 5000]:
                id_enc, id_index, id_masked, phone_enc, phone_index, phone_masked = self._sealed(r)
                tuples.append(
                    (
                        r["name"],
                        r["id_type"],
                        id_enc,
                        id_index,
                        id_masked,
                        r["gender"],
                        r["birth_date"],
                        phone_enc,
                        phone_index,
                        phone_masked,
                        r["residence_type"],
                        r["grid_id"],
                        r["household_id"],
                        r["relation"],
                        r.get("notes", ""),
                        True,
                    )
                )
            self.writer.insert(Person, PERSON_INSERT_COLUMNS, tuples, ids[start : start + 5000])
        self.new_ids.update(ids)
        return ids

    def _ensure_households(self, cleaned):
        missing = {}
        for r in cleaned:
            n = r["_household"]
            if n and n not in self.households and n not in missing:
                house_id = self.places.houses[r["_house"]] if r["_house"] else None
                missing[n] = Household(number=n, grid_id=r["grid_id"], house_id=house_id)
        Household.objects.bulk_create(list(missing.values()), batch_size=2000)
        for batch in chunks(sorted(missing)):
            self.households.update(
                {
                    n: (pk, g)
                    for n, pk, g in Household.objects.filter(number__in=batch).values_list(
                        "number", "pk", "grid_id"
                    )
                }
            )

    def _links(self, cleaned, ids) -> int:
        """Tags and residences; returns how many existing persons had a link changed.

        Persons created by this import have no links yet, so only the others are looked up.
        """
        changed_people: set[int] = set()
        tag_rows_present = "tags" in self.present
        for batch in chunks(cleaned, 5000):
            by_pid = {ids[r["_key_index"]]: r for r in batch}
            old = [pid for pid in by_pid if pid not in self.new_ids]
            have: dict[int, set[int]] = {}
            if tag_rows_present and old:
                for pid, tid in lookup(PersonTag, "person", old, ["person", "tag"]):
                    have.setdefault(pid, set()).add(tid)
            add, remove = [], []
            if tag_rows_present:
                for pid, r in by_pid.items():
                    current = have.get(pid, set())
                    add += [(pid, t, None, "") for t in sorted(r["_tags"] - current)]
                    remove += [(pid, t) for t in current - r["_tags"]]
                    if r["_tags"] != current and pid not in self.new_ids:
                        changed_people.add(pid)
            self.writer.insert(PersonTag, ["person_id", "tag_id", "since", "note"], add)
            for pid, tid in remove:
                PersonTag.objects.filter(person_id=pid, tag_id=tid).delete()
            existing = (
                {
                    (p, h): (pk, k)
                    for pk, p, h, k in lookup(
                        Residence, "person", old, ["id", "person", "house", "kind"]
                    )
                }
                if old
                else {}
            )
            new, update = [], []
            for pid, r in by_pid.items():
                if not r["_house"]:
                    continue
                hid = self.places.houses[r["_house"]]
                found = existing.get((pid, hid))
                if found is None:
                    new.append((pid, hid, r["_kind"], None))
                elif found[1] != r["_kind"]:
                    update.append(
                        Residence(pk=found[0], person_id=pid, house_id=hid, kind=r["_kind"])
                    )
                else:
                    continue
                if pid not in self.new_ids:
                    changed_people.add(pid)
            self.writer.insert(Residence, ["person_id", "house_id", "kind", "since"], new)
            if update:
                Residence.objects.bulk_update(update, ["kind"], batch_size=2000)
        return len(changed_people)
