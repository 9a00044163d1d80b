"""The types of file we accept, and recognising them by content (magic bytes).

Legal material arrives as scans and photos (PDF, JPEG, PNG), office documents (Word and
Excel in their XML formats), plain text, and recordings (MP3, MP4). The file name's
extension and the content must agree: a renamed executable or a PNG called ".pdf" is
refused. OFD (GB/T 33190) is not accepted yet: it is a zip container that cannot be told
apart reliably without parsing it.

ACCEPTED is what an upload may be unless the record it is attached to says otherwise (its
class's FILE_TYPES, see files.services.accepted_types). Browser recordings (WebM, Ogg: what
MediaRecorder writes where it cannot write MP4, issue #6 voice reports) are only in
RECORDINGS, for records that expect a recording.
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
    short: str  # in the list of accepted types


PDF = FileType("pdf", _("a PDF document"), "application/pdf", (".pdf",), "PDF")
JPEG = FileType("jpeg", _("a JPEG image"), "image/jpeg", (".jpg", ".jpeg"), "JPEG")
PNG = FileType("png", _("a PNG image"), "image/png", (".png",), "PNG")
DOCX = FileType("docx", _("a Word document (.docx)"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
                "Word (.docx)")
XLSX = FileType("xlsx", _("an Excel workbook (.xlsx)"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel (.xlsx)")
TEXT = FileType("text", _("UTF-8 plain text"), "text/plain; charset=utf-8", (".txt",), "TXT (UTF-8)")
MP3 = FileType("mp3", _("an MP3 recording"), "audio/mpeg", (".mp3",), "MP3")
MP4 = FileType("mp4", _("an MP4 video"), "video/mp4", (".mp4",), "MP4")
WEBM = FileType("webm", _("a WebM audio recording"), "audio/webm", (".webm",), "WebM")
OGG = FileType("ogg", _("an Ogg audio recording"), "audio/ogg", (".ogg", ".oga", ".opus"),
               "Ogg (.ogg, .oga, .opus)")

ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX, TEXT, MP3, MP4)
RECORDINGS = (MP3, MP4, WEBM, OGG)
KNOWN = (*ACCEPTED, WEBM, OGG)
HEAD_BYTES = 8192


def by_keys(keys) -> tuple[FileType, ...]:
    """The types named by `keys`, in that order (KeyError for a key no type has)."""
    known = {kind.key: kind for kind in KNOWN}
    return tuple(known[key] for key in keys)


def for_extension(extension: str, types=ACCEPTED) -> FileType | None:
    """The type among `types` that a lower-case extension (".pdf") names, or None."""
    return next((kind for kind in types if extension in kind.extensions), None)


def accepted_label(types=ACCEPTED) -> str:
    return ", ".join(kind.short for kind in types)


ACCEPTED_LABEL = accepted_label(ACCEPTED)
RECORDINGS_LABEL = accepted_label(RECORDINGS)

# What the content turned out to be when it is not what the name says.
OTHER_LABELS = {
    "zip": _("a ZIP archive"),
    "gif": _("a GIF image"),
    "exe": _("a program"),
    "matroska": _("a Matroska (.mkv) file"),
    "ogg_other": _("an Ogg file that is not an audio recording"),
    "binary": _("unrecognised binary data"),
    "bad_text": _("text that is not UTF-8 (save it as UTF-8 and try again)"),
}


def label_of(key: str):
    for kind in KNOWN:
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


# EBML (RFC 8794), the container of Matroska and WebM: element IDs of the header and the Segment.
EBML_HEADER_ID = 0x1A45DFA3
EBML_READ_VERSION_ID = 0x42F7
DOC_TYPE_ID = 0x4282
SEGMENT_ID = 0x18538067


def _ebml_vint(data: bytes, position: int, *, max_length: int) -> tuple[int, int, bool] | None:
    """The variable-size integer at `position` (RFC 8794 §4): (value without its length
    marker, its length in bytes, whether all value bits are set, i.e. "unknown size"), or
    None when it is longer than `max_length` or runs past the data."""
    if position >= len(data) or data[position] == 0:
        return None
    length = 9 - data[position].bit_length()
    if length > max_length or position + length > len(data):
        return None
    value = int.from_bytes(data[position:position + length], "big") & ((1 << (7 * length)) - 1)
    return value, length, value == (1 << (7 * length)) - 1


def _ebml_element(data: bytes, position: int) -> tuple[int, int, int | None] | None:
    """(element ID with its marker, where its data starts, its data size or None when
    unknown) of the element at `position`, or None when that is not a well-formed element
    header. IDs are at most 4 bytes and sizes at most 8 (the EBML header's defaults)."""
    element_id = _ebml_vint(data, position, max_length=4)
    if element_id is None:
        return None
    id_length = element_id[1]
    size = _ebml_vint(data, position + id_length, max_length=8)
    if size is None:
        return None
    value, size_length, unknown = size
    return (int.from_bytes(data[position:position + id_length], "big"), position + id_length + size_length,
            None if unknown else value)


def ebml_doc_type(head: bytes) -> str | None:
    """The DocType of a file that starts with an EBML header ("webm", "matroska"...), or None
    when the header is not well formed (an element running past the header or the bytes
    read, a reader version other than 1, no or a non-ASCII DocType) or no Segment follows it
    (RFC 8794 §11.2; a Matroska/WebM file is an EBML header and then a Segment)."""
    header = _ebml_element(head, 0)
    if header is None or header[0] != EBML_HEADER_ID or header[2] is None:
        return None
    position, end = header[1], header[1] + header[2]
    if end > len(head):
        return None
    doc_type = None
    while position < end:
        child = _ebml_element(head, position)
        if child is None or child[2] is None or child[1] + child[2] > end:
            return None
        child_id, start, size = child
        value = head[start:start + size]
        if child_id == DOC_TYPE_ID:
            text = value.rstrip(b"\x00")  # string elements may be padded with NUL bytes
            if not text or not all(0x20 <= byte <= 0x7E for byte in text):
                return None
            doc_type = text.decode("ascii")
        elif child_id == EBML_READ_VERSION_ID and int.from_bytes(value, "big") != 1:
            return None
        position = start + size
    segment = _ebml_element(head, end)
    if segment is None or segment[0] != SEGMENT_ID:
        return None
    return doc_type


def _ogg_crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
        table.append(crc)
    return tuple(table)


_OGG_CRC_TABLE = _ogg_crc_table()


def ogg_crc(data: bytes) -> int:
    """The CRC of an Ogg page (RFC 3533 §6: polynomial 0x04C11DB7, initial value 0, no
    reflection, no final XOR), computed with the page's CRC field set to zero."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC_TABLE[(crc >> 24) ^ byte]
    return crc


# The identification header that opens the first packet of an Ogg audio stream.
OGG_AUDIO_CODECS = (b"OpusHead", b"\x01vorbis", b"\x7fFLAC", b"Speex   ")


def ogg_first_packet(head: bytes) -> bytes | None:
    """The first packet of a file that starts with an Ogg page (RFC 3533 §6), or None when
    that page is not a well-formed first page: version 0, the beginning-of-stream flag set
    and no continuation, its segments within the bytes read, and a matching CRC."""
    if len(head) < 27 or not head.startswith(b"OggS") or head[4] != 0:
        return None
    header_type = head[5]
    if not header_type & 0x02 or header_type & 0x01:
        return None
    table_end = 27 + head[26]
    if table_end > len(head):
        return None
    lacing = head[27:table_end]
    page_end = table_end + sum(lacing)
    if page_end > len(head):
        return None
    if ogg_crc(head[:22] + b"\x00\x00\x00\x00" + head[26:page_end]) != int.from_bytes(head[22:26], "little"):
        return None
    length = 0
    for value in lacing:  # a packet ends with the first lacing value under 255
        length += value
        if value < 255:
            return head[table_end:table_end + length]
    return None  # the first packet goes on in the next page: not a valid first page


def _ogg_kind(head: bytes) -> str:
    packet = ogg_first_packet(head)
    if packet is None:
        return "binary"
    if packet.startswith(b"OpusHead") and (len(packet) < 19 or packet[8] >> 4):
        return "binary"  # RFC 7845 §5.1: 19 bytes at least; major version 0
    return "ogg" if packet.startswith(OGG_AUDIO_CODECS) else "ogg_other"


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
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        doc_type = ebml_doc_type(head)
        return doc_type if doc_type in ("webm", "matroska") else "binary"
    if head.startswith(b"OggS"):
        return _ogg_kind(head)
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
