"""The floors of issue 19, served for the benchmarks only: the least the same stack (Django,
django-ninja, psycopg, gunicorn, config.settings) can do for what the product does. Never part
of the product's URL map: benchmarks/floors.py serves ``benchmarks.floor.wsgi`` instead of
``config.wsgi``, which answers the product's URLs and these."""
