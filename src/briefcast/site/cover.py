"""A generated cover for shows without artwork: a square PNG with the show title.

Apple rejects a feed without artwork of 1400 to 3000 px, so a show that names no image gets one
made here: a plain colour chosen from the title, the title in large white type, and a thin band.
Rendering is deterministic (same title, same bytes) and needs only Pillow's bundled font.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

from ..audio import tags
from ..errors import ConfigError, FeedError

log = logging.getLogger(__name__)

COVER_SIZE = 3000
# Dark, saturated backgrounds that keep white type readable.
PALETTE = ((24, 54, 92), (94, 28, 52), (22, 84, 70), (70, 40, 110), (110, 60, 20), (30, 30, 36))
MARGIN = 0.1


def _wrap(title: str, font: object, width: int) -> list[str]:
    """Greedy word wrap of ``title`` to ``width`` pixels with ``font``."""
    lines: list[str] = []
    current = ""
    for word in title.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > width:  # type: ignore[attr-defined]
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def render_cover(title: str, size: int = COVER_SIZE) -> bytes:
    """PNG bytes of a ``size`` x ``size`` RGB cover showing ``title``."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise FeedError("Pillow is needed to generate the cover: pip install pillow") from exc
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    background = PALETTE[digest[0] % len(PALETTE)]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    inner = int(size * (1 - 2 * MARGIN))
    # The largest type (down to a floor) at which the title fits in at most four lines.
    font_size = size // 6
    while True:
        font = ImageFont.load_default(size=font_size)
        lines = _wrap(title, font, inner)
        widest = max(font.getlength(line) for line in lines)
        if (len(lines) <= 4 and widest <= inner) or font_size <= size // 40:
            break
        font_size = int(font_size * 0.9)
    line_height = int(font_size * 1.2)
    top = (size - line_height * len(lines)) // 2
    for n, line in enumerate(lines):
        draw.text(
            (size // 2, top + n * line_height + line_height // 2),
            line,
            font=font,
            fill=(255, 255, 255),
            anchor="mm",
        )
    band = max(4, size // 100)
    band_y = top - line_height // 5
    draw.rectangle(
        (int(size * MARGIN), band_y - band, int(size * MARGIN) + size // 5, band_y),
        fill=(255, 255, 255),
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    log.info("generated a %d px cover for %r", size, title)
    return out.getvalue()


# Apple's bounds for artwork: square, 1400 to 3000 px a side.
ART_MIN_PX, ART_MAX_PX = 1400, 3000
ART_QUALITY = 88
# A picture with more pixels than this is refused before it is decoded (a decompression bomb).
ART_MAX_PIXELS = 50_000_000


def square_artwork(data: bytes, what: str) -> bytes:
    """An episode's own artwork from any picture (JPEG, PNG, WebP, GIF...): a square RGB JPEG
    of 1400 to 3000 px a side, the whole picture kept and centred, padded (never cropped) with
    the colour of its own edges when it is not square.

    Raises :class:`FeedError` naming ``what`` when ``data`` is not a picture Pillow reads.
    """
    from PIL import Image, ImageStat, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > ART_MAX_PIXELS:
                raise FeedError(
                    f"{what} is {img.width}x{img.height} px, more than the "
                    f"{ART_MAX_PIXELS:,} pixels briefcast decodes"
                )
            img.load()
            rgba = img.convert("RGBA")
    except UnidentifiedImageError as exc:
        raise FeedError(f"{what} is not a picture in a format that can be read") from exc
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise FeedError(f"{what} is not a picture that can be read ({exc})") from exc
    if min(rgba.size) < 1:
        raise FeedError(f"{what} is empty")
    # Transparent parts are laid on white, as a page would show them.
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    side = min(max(max(flat.size), ART_MIN_PX), ART_MAX_PX)
    scale = side / max(flat.size)
    size = (max(1, round(flat.width * scale)), max(1, round(flat.height * scale)))
    if size != flat.size:
        flat = flat.resize(size, Image.Resampling.LANCZOS)
    edges = Image.new("RGB", (flat.width * 2 + flat.height * 2, 1))
    for n, strip in enumerate(
        (
            flat.crop((0, 0, flat.width, 1)),
            flat.crop((0, flat.height - 1, flat.width, flat.height)),
            flat.crop((0, 0, 1, flat.height)).rotate(90, expand=True),
            flat.crop((flat.width - 1, 0, flat.width, flat.height)).rotate(90, expand=True),
        )
    ):
        offset = (0, flat.width, flat.width * 2, flat.width * 2 + flat.height)[n]
        edges.paste(strip, (offset, 0))
    background = tuple(int(c) for c in ImageStat.Stat(edges).mean[:3])
    square = Image.new("RGB", (side, side), background)  # type: ignore[arg-type]
    square.paste(flat, ((side - flat.width) // 2, (side - flat.height) // 2))
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=ART_QUALITY, optimize=True)
    return out.getvalue()


def render_favicon(image: bytes | None, title: str) -> bytes:
    """An ICO favicon (16, 32 and 48 px) made from the show's cover ``image`` (JPEG or PNG
    bytes), or from the generated cover of ``title`` when there is none."""
    from PIL import Image

    source = image if image is not None else render_cover(title, 256)
    try:
        with Image.open(io.BytesIO(source)) as img:
            rgb = img.convert("RGB")
    except OSError as exc:
        raise FeedError(f"cannot make the favicon from the cover: {exc}") from exc
    out = io.BytesIO()
    rgb.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


def read_cover(
    image: str, title: str = "", draw: tags.Artwork = tags.draw_always
) -> tags.Cover | None:
    """The cover art to embed in every episode: the show's image, else the generated cover.

    A local ``image`` is read; with none, the cover briefcast generates for the show (from its
    ``title``) is used, so that players that read only the file show the show's art. Either is
    scaled to at most 1400 px and embedded as JPEG. ``None`` only for an image given as a URL
    (it is not downloaded). Called before any synthesis, so that a missing image stops the
    build early. ``draw`` is how the JPEG is made (the cache keeps it between builds).
    """
    if image.startswith(("http://", "https://")):
        return None
    if not image:
        name = title or "Briefcast"
        return tags.Cover(
            draw(
                ".jpg",
                ("id3 generated", name, str(tags.ID3_COVER_PX)),
                lambda: tags.id3_jpeg(render_cover(name, tags.ID3_COVER_PX), "the cover"),
            ),
            "image/jpeg",
        )
    path = Path(image)
    mime = tags.COVER_TYPES.get(path.suffix.lower())
    if mime is None:
        raise ConfigError(f"cover image {image} must be a .jpg or .png file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cover image not found or unreadable: {image} ({exc.strerror}); "
            'fix show.image or set it to ""'
        ) from exc
    return tags.Cover(
        draw(".jpg", ("id3 image", data), lambda: tags.id3_jpeg(data, image)), "image/jpeg"
    )
