from .fixtures import party  # noqa: F401
