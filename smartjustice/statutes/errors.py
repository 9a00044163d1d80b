"""Errors of the statute library, each with a stable code (core.errors)."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput


class CorpusNotFound(InvalidInput):
    code = "statutes.corpus_not_found"
    default_message = _("The law folder %(path)s does not exist or is not a folder.")


class EmptyCorpus(InvalidInput):
    code = "statutes.corpus_empty"
    default_message = _("The folder %(path)s holds no law files (*.md).")


class MalformedLawFile(InvalidInput):
    code = "statutes.malformed_file"
    default_message = _("%(path)s: %(problem)s")


class InvalidQuery(InvalidInput):
    code = "statutes.invalid_query"
    default_message = _("The question is not valid.")
