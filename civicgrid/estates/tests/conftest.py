from civicgrid.estates.tests.fixtures import est  # noqa: F401
