"""Recognising recordings by content: WebM by the EBML header's DocType (RFC 8794), Ogg by a
well-formed first page (RFC 3533) whose first packet opens an audio stream. Byte strings are
built by hand from the specifications, element by element."""
import pytest
from django.utils import translation

from smartjustice.files import filetypes
from smartjustice.files.services import accepted_types


def ebml_element(element_id: bytes, payload: bytes) -> bytes:
    """An EBML element with a one-byte size (payloads under 127 bytes)."""
    return element_id + bytes([0x80 | len(payload)]) + payload


def ebml_header(doc_type: bytes = b"webm", *, read_version: int = 1) -> bytes:
    return ebml_element(b"\x1a\x45\xdf\xa3", b"".join([
        ebml_element(b"\x42\x86", b"\x01"),  # EBMLVersion
        ebml_element(b"\x42\xf7", bytes([read_version])),  # EBMLReadVersion
        ebml_element(b"\x42\x82", doc_type),  # DocType
        ebml_element(b"\x42\x87", b"\x02"),  # DocTypeVersion
        ebml_element(b"\x42\x85", b"\x02"),  # DocTypeReadVersion
    ]))


SEGMENT_OF_UNKNOWN_SIZE = b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff"
WEBM = ebml_header(b"webm") + SEGMENT_OF_UNKNOWN_SIZE
# The first bytes of a recording made by Chromium 156's MediaRecorder (audio/webm;codecs=opus).
CHROMIUM_WEBM = (b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webmB\x87\x81\x04"
                 b"B\x85\x81\x02\x18S\x80g\x01\x00\x00\x00\x00\x00`?\x11M\x9bt\xb9M\xbb\x8bS\xab\x84\x15I\xa9f")

OPUS_HEAD = (b"OpusHead" + b"\x01"  # version 1
             + b"\x01" + (312).to_bytes(2, "little") + (48000).to_bytes(4, "little") + b"\x00\x00" + b"\x00")
VORBIS_ID = b"\x01vorbis" + b"\x00" * 4 + b"\x01" + (44100).to_bytes(4, "little") + b"\x00" * 12 + b"\xb8\x01"
THEORA_ID = b"\x80theora" + b"\x03\x02\x01" + b"\x00" * 35


def ogg_page(packet: bytes, *, header_type: int = 0x02, crc: int | None = None) -> bytes:
    """One Ogg page holding one packet of under 255 bytes (RFC 3533 §6); the CRC is
    computed unless given."""
    header = (b"OggS" + b"\x00" + bytes([header_type]) + (0).to_bytes(8, "little") + (0x5EED).to_bytes(4, "little")
              + (0).to_bytes(4, "little"))
    rest = bytes([1, len(packet)]) + packet
    if crc is None:
        crc = filetypes.ogg_crc(header + b"\x00\x00\x00\x00" + rest)
    return header + crc.to_bytes(4, "little") + rest


def english(label) -> str:
    with translation.override("en"):
        return str(label)


def sniff(content: bytes) -> str:
    return filetypes.sniff(content[: filetypes.HEAD_BYTES], None, utf8_ok=False)


def test_a_minimal_ebml_header_with_doc_type_webm_is_webm():
    assert (filetypes.ebml_doc_type(WEBM), sniff(WEBM)) == ("webm", "webm")


def test_the_header_chromium_records_is_webm():
    assert sniff(CHROMIUM_WEBM) == "webm"


def test_a_doc_type_padded_with_nul_bytes_is_read_without_them():
    assert sniff(ebml_header(b"webm\x00\x00") + SEGMENT_OF_UNKNOWN_SIZE) == "webm"


def test_doc_type_matroska_is_matroska_not_webm():
    content = ebml_header(b"matroska") + SEGMENT_OF_UNKNOWN_SIZE

    assert sniff(content) == "matroska"
    assert english(filetypes.label_of("matroska")) == "a Matroska (.mkv) file"


@pytest.mark.parametrize("content", [
    pytest.param(b"\x1a\x45\xdf\xa3" + b"webm and then some garbage", id="garbage after the magic"),
    pytest.param(ebml_header(b"webm"), id="no segment after the header"),
    pytest.param(ebml_header(b"webm") + b"\x1f\x43\xb6\x75\x80", id="a cluster where the segment should be"),
    pytest.param(ebml_header(b"webm", read_version=2) + SEGMENT_OF_UNKNOWN_SIZE, id="EBML read version 2"),
    pytest.param(ebml_header(b"") + SEGMENT_OF_UNKNOWN_SIZE, id="empty doc type"),
    pytest.param(ebml_header(b"w\xe9bm") + SEGMENT_OF_UNKNOWN_SIZE, id="doc type not ASCII"),
    pytest.param(ebml_header(b"mkv3d") + SEGMENT_OF_UNKNOWN_SIZE, id="another doc type"),
    pytest.param(b"\x1a\x45\xdf\xa3\x01\xff\xff\xff\xff\xff\xff\xff" + b"\x42\x82\x84webm" + SEGMENT_OF_UNKNOWN_SIZE,
                 id="header of unknown size"),
    pytest.param(b"\x1a\x45\xdf\xa3\x87" + b"\x42\x82\x88webm" + SEGMENT_OF_UNKNOWN_SIZE, id="doc type past the header"),
    pytest.param(b"\x1a\x45\xdf\xa3\x90\x42\x82\x84webm", id="header past the end"),
])
def test_a_malformed_ebml_file_is_unrecognised_binary(content):
    assert sniff(content) == "binary"


def test_a_file_without_a_doc_type_is_not_webm():
    content = ebml_element(b"\x1a\x45\xdf\xa3", ebml_element(b"\x42\x86", b"\x01")) + SEGMENT_OF_UNKNOWN_SIZE

    assert (filetypes.ebml_doc_type(content), sniff(content)) == (None, "binary")


def test_the_ogg_crc_has_the_check_value_of_its_polynomial():
    # CRC-32 polynomial 0x04C11DB7, init 0, unreflected, no final XOR: check value of "123456789".
    assert filetypes.ogg_crc(b"123456789") == 0x89A1897F


@pytest.mark.parametrize("packet", [OPUS_HEAD, VORBIS_ID, b"\x7fFLAC\x01\x00\x00\x01fLaC" + b"\x00" * 38],
                         ids=["opus", "vorbis", "flac"])
def test_an_ogg_page_opening_an_audio_stream_is_ogg(packet):
    assert sniff(ogg_page(packet) + b"OggS further pages") == "ogg"


def test_an_ogg_page_opening_a_video_stream_is_not_a_recording():
    assert sniff(ogg_page(THEORA_ID)) == "ogg_other"
    assert english(filetypes.label_of("ogg_other")) == "an Ogg file that is not an audio recording"


@pytest.mark.parametrize("content", [
    pytest.param(b"OggS" + b"\x00" * 40, id="no beginning-of-stream flag"),
    pytest.param(ogg_page(OPUS_HEAD, crc=0x12345678), id="wrong CRC"),
    pytest.param(ogg_page(OPUS_HEAD, header_type=0x00), id="first page not flagged as the beginning"),
    pytest.param(ogg_page(OPUS_HEAD, header_type=0x03), id="first page continues a packet"),
    pytest.param(b"OggS\x01" + ogg_page(OPUS_HEAD)[5:], id="stream structure version 1"),
    pytest.param(ogg_page(OPUS_HEAD)[:40], id="page cut short"),
    pytest.param(ogg_page(OPUS_HEAD[:8] + b"\x10" + OPUS_HEAD[9:]), id="Opus major version 1"),
    pytest.param(ogg_page(OPUS_HEAD[:18]), id="Opus header too short"),
])
def test_a_malformed_ogg_file_is_unrecognised_binary(content):
    assert sniff(content) == "binary"


@pytest.mark.parametrize("extension, key", [(".webm", "webm"), (".ogg", "ogg"), (".oga", "ogg"), (".opus", "ogg"),
                                            (".mp3", "mp3"), (".mp4", "mp4"), (".pdf", None)])
def test_recordings_are_named_by_their_extensions(extension, key):
    kind = filetypes.for_extension(extension, filetypes.RECORDINGS)

    assert (kind.key if kind else None) == key


def test_recording_types_and_labels():
    assert [(kind.mime, english(kind.label)) for kind in (filetypes.WEBM, filetypes.OGG)] == [
        ("audio/webm", "a WebM audio recording"), ("audio/ogg", "an Ogg audio recording")]
    assert filetypes.RECORDINGS_LABEL == "MP3, MP4, WebM, Ogg (.ogg, .oga, .opus)"
    assert filetypes.ACCEPTED_LABEL == "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), TXT (UTF-8), MP3, MP4"


def test_recording_labels_in_chinese():
    with translation.override("zh-hans"):
        assert [str(kind.label) for kind in (filetypes.WEBM, filetypes.OGG)] == ["WebM 录音", "Ogg 录音"]
        assert str(filetypes.label_of("matroska")) == "Matroska（.mkv）文件"


def test_a_record_names_the_types_it_takes_else_the_general_ones_apply():
    class VoiceMessage:
        FILE_TYPES = ("webm", "ogg")

    class Letter:
        pass

    assert accepted_types(VoiceMessage()) == (filetypes.WEBM, filetypes.OGG)
    assert accepted_types(Letter()) == filetypes.ACCEPTED
    assert accepted_types(None) == filetypes.ACCEPTED
