"""Output formats: the same blocks become a DOCX (python-docx) and a PDF (fpdf2).

Blocks come from the wording templates: "# " a title, "## " a heading, "> " a right-aligned
line (signature, date), "< " a line flush left (the addressee after 此致, which by
convention starts at the margin), anything else an indented paragraph. Both formats end with the verification
code, the content hash and a QR code of the verification page.

The PDF embeds a subset of Noto Sans SC, a TrueType font installed from PyPI with the
`justmytype-intl-cjk` package, so the document shows the same on any reader.
"""
from __future__ import annotations

import io
import logging
import os
import re
from importlib.resources import files
from pathlib import Path

import segno
from django.conf import settings
from django.utils.translation import gettext as _

FONT_FAMILY = "NotoSansSC"


def parse_blocks(text: str) -> list[dict]:
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append({"kind": "heading", "text": line[3:].strip()})
        elif line.startswith("# "):
            blocks.append({"kind": "title", "text": line[2:].strip()})
        elif line.startswith("> "):
            blocks.append({"kind": "right", "text": line[2:].strip()})
        elif line.startswith("< "):
            blocks.append({"kind": "flush", "text": line[2:].strip()})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def variable_font_path() -> str:
    return str(files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf")


def font_path() -> str:
    """A static Regular instance of the variable font, made once and kept under var/fonts/
    (making it takes seconds; subsetting it per document is fast)."""
    target = Path(settings.BASE_DIR) / "var" / "fonts" / "NotoSansSC-Regular.ttf"
    if not target.exists():
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        target.parent.mkdir(parents=True, exist_ok=True)
        instance = instancer.instantiateVariableFont(TTFont(variable_font_path()), {"wght": 400})
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        instance.save(str(partial))
        os.replace(partial, target)  # atomic: a concurrent reader never sees half a font
    return str(target)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def verification_lines(code: str, content_hash: str, generated_on: str) -> list[str]:
    return [_("Verification code: %(code)s") % {"code": code},
            _("Content hash (SHA-256): %(hash)s") % {"hash": content_hash},
            _("Generated on %(date)s; scan the QR code or visit the verification page to check.") % {
                "date": generated_on}]


def to_docx(blocks: list[dict], *, code: str, content_hash: str, generated_on: str, url: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for block in blocks:
        if block["kind"] == "title":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block["text"])
            run.bold, run.font.size = True, Pt(18)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block["kind"] == "heading":
            paragraph = document.add_paragraph()
            paragraph.add_run(block["text"]).bold = True
        elif block["kind"] == "right":
            document.add_paragraph(block["text"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif block["kind"] == "flush":
            document.add_paragraph(block["text"])
        else:
            paragraph = document.add_paragraph(block["text"])
            paragraph.paragraph_format.first_line_indent = Pt(24)
    document.add_paragraph()
    for line in verification_lines(code, content_hash, generated_on):
        run = document.add_paragraph().add_run(line)
        run.font.size = Pt(8)
    document.add_picture(io.BytesIO(qr_png(url)), width=Cm(2.5))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Never at the start of a line (Chinese line-breaking rules, 避头): closing punctuation hangs
# at the end of the previous line instead.
NO_LINE_START = set("，。、；：！？）》」』”’〕】…,.;:!?)")
TOKEN_RE = re.compile(r"[A-Za-z0-9@#%&*+\-_/.=]+|.", re.S)


def wrap_lines(text: str, width: float, measure) -> list[str]:
    """Break `text` into lines no wider than `width` (as `measure` says), between any two
    Chinese characters but never inside a run of Latin letters and digits: an ID number,
    a date, an amount or a hash stays whole where it fits on a line."""
    lines, line = [], ""
    for token in TOKEN_RE.findall(text):
        if line and measure(line + token) > width and token not in NO_LINE_START:
            lines.append(line)
            line = ""
        if measure(line + token) <= width or (line and token in NO_LINE_START):
            line += token  # fits, or closing punctuation hanging at the end of the line
            continue
        for char in token:  # a run longer than a whole line: break it by character
            if line and measure(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines


def _pdf_paragraph(pdf, text: str, width: float, height: float, align: str = "L") -> None:
    for line in wrap_lines(text, width, pdf.get_string_width):
        pdf.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")


def to_pdf(blocks: list[dict], *, code: str, content_hash: str, generated_on: str, url: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)
    pdf.add_font(FONT_FAMILY, "", font_path())
    pdf.set_title(blocks[0]["text"] if blocks else "")
    pdf.add_page()
    width = pdf.epw
    for block in blocks:
        if block["kind"] == "title":
            pdf.set_font(FONT_FAMILY, "", 20)
            pdf.multi_cell(width, 12, block["text"], align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif block["kind"] == "heading":
            pdf.set_font(FONT_FAMILY, "", 13)
            pdf.multi_cell(width, 8, block["text"], align="L", new_x="LMARGIN", new_y="NEXT")
        elif block["kind"] == "right":
            pdf.set_font(FONT_FAMILY, "", 12)
            _pdf_paragraph(pdf, block["text"], width, 8, align="R")
        elif block["kind"] == "flush":
            pdf.set_font(FONT_FAMILY, "", 12)
            _pdf_paragraph(pdf, block["text"], width, 8)
        else:
            pdf.set_font(FONT_FAMILY, "", 12)
            # Chinese has no spaces to break at: wrap_lines breaks between characters.
            _pdf_paragraph(pdf, "\u3000\u3000" + block["text"], width, 8)
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, "", 8)
    top = pdf.get_y()
    if top > pdf.h - 60:
        pdf.add_page()
        top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=top, w=25)
    pdf.set_xy(pdf.l_margin + 28, top)
    for line in verification_lines(code, content_hash, generated_on):
        for part in wrap_lines(line, width - 28, pdf.get_string_width):
            pdf.cell(width - 28, 5, part, align="L", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
