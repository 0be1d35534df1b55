"""Steps the events tests share: registering through the service, reading a badge's QR code."""

import re

import zxingcpp
from PIL import Image, ImageDraw

from events.services import registration_create

BASE_URL = "http://testserver/"


def register(event, organization, actor, **representative):
    """Register through the service, as the registration page does."""
    fields = {
        "representative_name": "Rina Wakil",
        "position": "Manajer CSR",
        "phone": "0812-0000-1111",
        "email": "rina@example.org",
    }
    fields.update(representative)
    return registration_create(
        event=event, organization=organization, actor=actor, base_url=BASE_URL, **fields
    )


def qr_svg_in(html):
    """The inline SVG of the QR code on a page."""
    match = re.search(r'<svg[^>]*class="qr-code".*?</svg>', html, re.S)
    assert match, "no QR code on the page"
    return match.group(0)


def rasterise(svg, pixels_per_module=8):
    """Draw segno's SVG path (rows of horizontal strokes, 1 module wide) as a Pillow image."""
    width, height = (int(n) for n in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    image = Image.new("L", (width * pixels_per_module, height * pixels_per_module), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    path = re.search(r' d="([^"]+)"', svg).group(1)
    for command, numbers in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            # A stroke of width 1 centred on y: the module row from y - 0.5 to y + 0.5.
            left, right = sorted((x, x + values[0]))
            draw.rectangle(
                [
                    left * pixels_per_module,
                    (y - 0.5) * pixels_per_module,
                    right * pixels_per_module - 1,
                    (y + 0.5) * pixels_per_module - 1,
                ],
                fill=0,
            )
            x += values[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return image


def decode_qr(svg):
    """The text the QR code holds, read by zxing-cpp from the drawn image."""
    results = zxingcpp.read_barcodes(rasterise(svg))
    assert len(results) == 1, "the QR code cannot be read"
    return results[0].text
