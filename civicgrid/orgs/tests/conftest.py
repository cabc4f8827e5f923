from .fixtures import world  # noqa: F401
