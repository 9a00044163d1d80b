"""The types of file we accept, and recognising them by content (magic bytes).

Legal material arrives as scans and photos (PDF, JPEG, PNG), office documents (Word and
Excel in their XML formats), plain text, and recordings (MP3, MP4). The file name's
extension and the content must agree: a renamed executable or a PNG called ".pdf" is
refused. OFD (GB/T 33190) is not accepted yet: it is a zip container that cannot be told
apart reliably without parsing it.
"""
import codecs
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    key: str
    label: object  # lazy translated text
    mime: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", _("a PDF document"), "application/pdf", (".pdf",))
JPEG = FileType("jpeg", _("a JPEG image"), "image/jpeg", (".jpg", ".jpeg"))
PNG = FileType("png", _("a PNG image"), "image/png", (".png",))
DOCX = FileType("docx", _("a Word document (.docx)"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("xlsx", _("an Excel workbook (.xlsx)"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
TEXT = FileType("text", _("UTF-8 plain text"), "text/plain; charset=utf-8", (".txt",))
MP3 = FileType("mp3", _("an MP3 recording"), "audio/mpeg", (".mp3",))
MP4 = FileType("mp4", _("an MP4 video"), "video/mp4", (".mp4",))

ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX, TEXT, MP3, MP4)
BY_EXTENSION = {extension: kind for kind in ACCEPTED for extension in kind.extensions}
ACCEPTED_LABEL = "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), TXT (UTF-8), MP3, MP4"
HEAD_BYTES = 8192

# What the content turned out to be when it is not what the name says.
OTHER_LABELS = {
    "zip": _("a ZIP archive"),
    "gif": _("a GIF image"),
    "exe": _("a program"),
    "binary": _("unrecognised binary data"),
    "bad_text": _("text that is not UTF-8 (save it as UTF-8 and try again)"),
}


def label_of(key: str):
    for kind in ACCEPTED:
        if kind.key == key:
            return kind.label
    return OTHER_LABELS.get(key, OTHER_LABELS["binary"])


def _zip_kind(handle) -> str:
    """docx / xlsx by the Office Open XML parts inside the zip, else "zip"."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "binary"
    finally:
        handle.seek(0)
    if "[Content_Types].xml" not in names:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _is_mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, layer III.
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) == 0x02


def sniff(head: bytes, handle, *, utf8_ok: bool) -> str:
    """The key of the type the content shows. `head` is the first HEAD_BYTES bytes,
    `handle` the seekable file (for zip containers), `utf8_ok` whether the whole file
    decoded as UTF-8 without NUL bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "exe"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(handle)
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if _is_mp3(head):
        return "mp3"
    if utf8_ok:
        return "text"
    return "bad_text" if b"\x00" not in head else "binary"


class Utf8Check:
    """Feeds chunks through an incremental UTF-8 decoder; `ok` stays True while the bytes
    seen so far are valid UTF-8 without NUL characters."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.ok = True

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        if b"\x00" in chunk:
            self.ok = False
            return
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            self.ok = False
