"""A web worker's memory (issue 19: every gunicorn worker under 300 MB under the day's load):
the heavy libraries that only some requests need are loaded by the processes that need them."""

import subprocess
import sys

from django.conf import settings

# what each weighs when imported (resident memory, measured on the reference machine)
HEAVY = {"pypinyin": "56 MB: its phrases", "openpyxl": "32 MB"}

STARTUP = """
import sys
import django
django.setup()
from config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # every page's and API's module
for name in {heavy!r}:
    print(name, name in sys.modules)
"""


def test_a_web_worker_starts_without_the_heavy_libraries():
    out = subprocess.run(
        [sys.executable, "-c", STARTUP.format(heavy=list(HEAVY))],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
    ).stdout.split("\n")
    loaded = [line.split()[0] for line in out if line.endswith("True")]
    assert loaded == [], {name: HEAVY[name] for name in loaded}


def test_the_libraries_still_answer_where_they_are_needed():
    from civicgrid.catalogue.seed import initials
    from civicgrid.registry.addresses.words import pinyin

    assert initials("暴露垃圾") == "bllj"
    assert pinyin("重庆路") == ("chongqinglu", "cql")
