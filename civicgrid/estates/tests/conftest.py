from civicgrid.estates.tests.fixtures import est, managed  # noqa: F401
