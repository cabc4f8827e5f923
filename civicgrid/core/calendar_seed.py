"""The official holiday schedule from the ``chinese-calendar`` package, as calendar rows.

Only used to seed the table: afterwards the table is the truth and admins add each new year's
schedule (the State Council publishes it in the autumn before).
"""

from __future__ import annotations

import chinese_calendar.constants as official

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def official_days() -> list[dict]:
    """Every holiday and adjusted working day the package knows, oldest first."""
    rows = []
    for kind, days in (("holiday", official.holidays), ("workday", official.workdays)):
        for day, name_en in days.items():
            rows.append(
                {
                    "date": day,
                    "kind": kind,
                    "name": HOLIDAY_NAMES.get(name_en, name_en),
                    "name_en": name_en,
                    "source": "seed",
                }
            )
    return sorted(rows, key=lambda r: r["date"])


def official_years() -> list[int]:
    return sorted({d.year for d in official.holidays})


def seed(apps) -> None:
    """Insert the official days and years that are not in the table yet."""
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    have = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(**r) for r in official_days() if r["date"] not in have]
    )
    years = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=y, source="seed", note="chinese-calendar")
            for y in official_years()
            if y not in years
        ]
    )
