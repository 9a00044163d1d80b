"""Errors of the calculators, each with a stable code; the message names the field.

All are InvalidInput (HTTP 400, CLI exit 2): a calculator refuses bad input and never
returns a total it cannot explain.
"""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput


class UnknownCalculator(InvalidInput):
    code = "unknown_calculator"
    http_status = 404
    default_message = _("There is no calculator called “%(name)s”.")


class InvalidField(InvalidInput):
    code = "invalid_field"
    default_message = _("“%(field_name)s” is not valid.")


class MissingField(InvalidInput):
    code = "missing_field"
    default_message = _("Please give “%(field_name)s”.")


class MissingFigure(InvalidInput):
    """A statistical figure was neither given nor found in the figures table."""

    code = "missing_figure"
    default_message = _("Please give “%(field_name)s”, or a region and year to look it up.")


class FigureNotFound(InvalidInput):
    code = "figure_not_found"
    default_message = _("No usable figure “%(indicator)s” is recorded for %(region)s, %(year)s; "
                        "please give “%(field_name)s”.")
