"""Evidence files for the partner workspace's tests: real photos and PDFs, and impostors."""

import io
from contextlib import contextmanager
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from programs.forms import MAX_EVIDENCE_BYTES
from programs.models import Evidence


def _files_under(root):
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@contextmanager
def evidence_storage():
    """Yields `stored()`: the files stored as evidence since; they are removed at the end."""
    root = Path(Evidence._meta.get_field("file").storage.location)
    before = _files_under(root)

    def stored():
        return sorted(_files_under(root) - before)

    try:
        yield stored
    finally:
        for path in stored():
            path.unlink()


def image_bytes(image_format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (11, 93, 59)).save(buffer, image_format)
    return buffer.getvalue()


def pdf_bytes(padding=0):
    return b"%PDF-1.4\n1 0 obj << >> endobj\n" + b"0" * padding + b"\ntrailer\n%%EOF\n"


# Where a phone puts a photo it takes (GPS IFD of EXIF): Balai Kota Depok, 6°24'S 106°49'E.
GPS_IFD = 0x8825
ORIENTATION = 0x0112
DEPOK_GPS = {1: "S", 2: (6.0, 24.0, 10.0), 3: "E", 4: (106.0, 49.0, 5.0)}


def camera_photo_bytes(image_format="JPEG", size=(40, 30), orientation=6):
    """A photo as a phone stores it: with the place it was taken, the camera and a rotation."""
    exif = Image.Exif()
    exif[GPS_IFD] = DEPOK_GPS
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[ORIENTATION] = orientation  # 6: turn 90° clockwise to show it upright
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, image_format, exif=exif.tobytes())
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(name="serah-terima.jpg"):
    return upload(name, image_bytes("JPEG"), "image/jpeg")


# Files that are not what their name says, or too small or too large to be evidence.
TEXT_AS_JPEG = ("photo.jpg", b"just some text, not a photo", "image/jpeg")
TEXT_AS_PDF = ("laporan.pdf", b"Laporan kegiatan: ambulans diserahkan.\n", "application/pdf")
HTML_AS_PNG = ("photo.png", b"<html><script>alert(1)</script></html>", "image/png")
PDF_WITHOUT_END = ("laporan.pdf", b"%PDF-1.4\nno end marker here", "application/pdf")
GIF_PHOTO = ("photo.gif", image_bytes("GIF"), "image/gif")
EMPTY = ("kosong.jpg", b"", "image/jpeg")
OVERSIZE = ("besar.pdf", pdf_bytes(padding=MAX_EVIDENCE_BYTES), "application/pdf")
REFUSED_FILES = {
    "text named .jpg": (TEXT_AS_JPEG, "is not a JPEG, PNG or WebP photo or a PDF"),
    "text named .pdf": (TEXT_AS_PDF, "is not a JPEG, PNG or WebP photo or a PDF"),
    "html named .png": (HTML_AS_PNG, "is not a JPEG, PNG or WebP photo or a PDF"),
    "pdf without its end": (PDF_WITHOUT_END, "is not a JPEG, PNG or WebP photo or a PDF"),
    "gif photo": (GIF_PHOTO, "is not a JPEG, PNG or WebP photo or a PDF"),
    "empty file": (EMPTY, "is empty"),
    "over 5 MB": (OVERSIZE, "is larger than 5 MB"),
}
