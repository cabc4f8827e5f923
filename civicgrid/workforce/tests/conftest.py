from .fixtures import wf  # noqa: F401
