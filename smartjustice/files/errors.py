"""Why an upload was refused. Each has a stable code; messages name the file and the limit."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput


class FileMissing(InvalidInput):
    code = "file_missing"
    default_message = _("Please choose a file to upload.")


class FileEmpty(InvalidInput):
    code = "file_empty"
    default_message = _("The file “%(name)s” is empty.")


class FileTooLarge(InvalidInput):
    code = "file_too_large"
    http_status = 413
    default_message = _("The file “%(name)s” is %(size)s MB; files may be at most %(limit)s MB.")


class FileTypeNotAllowed(InvalidInput):
    code = "file_type_not_allowed"
    default_message = _("Files of type “%(extension)s” are not accepted. Accepted types: %(accepted)s.")


class FileContentMismatch(InvalidInput):
    code = "file_content_mismatch"
    default_message = _("The file “%(name)s” is named as %(expected)s, but its content is %(actual)s. "
                        "Please upload the original file.")


class FileNameInvalid(InvalidInput):
    code = "file_name_invalid"
    default_message = _("The file name is not valid.")
