"""civicgrid: grid-based grassroots governance."""
