from civicgrid.commercial.tests.fixtures import tower  # noqa: F401
from civicgrid.disputes.tests.conftest import mediator  # noqa: F401
