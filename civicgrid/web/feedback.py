"""What a page tells the user when the domain refuses a form: the message, naming the field."""

from django.contrib import messages

from civicgrid.core.errors import DomainError


def refused(request, exc: DomainError) -> None:
    messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)
