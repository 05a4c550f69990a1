"""Hostile inputs of the second adversarial round (issue 24), built in code: the tests and
scripts/fuzz_readers.py and scripts/bench_hostile.py share them."""

from __future__ import annotations


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _one_page_pdf(contents: bytes) -> bytes:
    """One Letter page whose content stream object is ``contents`` (object 4)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            contents,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"7 0 R",
            b"6 0 R",
        ]
    )


def reference_loop_pdf() -> bytes:
    """A stream whose /Length is 6 0 R, which is 7 0 R, which is 6 0 R again."""
    text = b"BT /F1 12 Tf 72 720 Td (The council voted on the bridge repairs.) Tj ET"
    return _one_page_pdf(b"<< /Length 6 0 R >>\nstream\n" + text + b"\nendstream")


def flate_bomb_pdf(megabytes: int) -> bytes:
    """A content stream that inflates to ``megabytes`` MB of spaces. Built from one compressed
    megabyte repeated (each ends in a full flush, so the copies are identical) and its
    checksum, so that building it takes milliseconds."""
    import zlib

    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9)
    head = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    unit = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush()[:-4]
    check = 1
    for _ in range(megabytes):
        check = zlib.adler32(chunk, check)
    packed = head + unit * (megabytes - 1) + end + check.to_bytes(4, "big")
    return _one_page_pdf(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


def _mail(headers: str, body: str = "The council voted to repair the bridge on Monday.\n") -> bytes:
    return (headers + "\n" + body).encode()


def encoded_subject_mail(words: int) -> bytes:
    """A letter whose Subject is ``words`` encoded words (=?utf-8?q?...?=)."""
    subject = " ".join("=?utf-8?q?caf=C3=A9_news?=" for _ in range(words))
    return _mail(
        f"From: Desk <desk@example.com>\nSubject: {subject}\nDate: Mon, 1 Jun 2026 08:00:00 +0000\n"
    )


def nested_multipart_mail(depth: int) -> bytes:
    """A letter of ``depth`` multiparts, each inside the one before."""
    head = "".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n' for n in range(depth)
    )
    tail = "".join(f"\n--b{n}--\n" for n in reversed(range(depth)))
    return _mail(
        "From: Desk <desk@example.com>\nSubject: Deep\nMIME-Version: 1.0\n"
        + head
        + "Content-Type: text/plain\n\nThe council voted to repair the bridge on Monday.\n"
        + tail,
        "",
    )


def nested_rfc822_mail(depth: int) -> bytes:
    """A letter forwarding a letter forwarding a letter ... ``depth`` times."""
    head = "Content-Type: message/rfc822\n\nFrom: a@example.com\nSubject: Fwd\n" * depth
    return _mail(
        "From: Desk <desk@example.com>\nSubject: Deep\nMIME-Version: 1.0\n"
        + head
        + "Content-Type: text/plain\n\nThe council voted to repair the bridge on Monday.\n",
        "",
    )


def nested_comment_from_mail(depth: int) -> bytes:
    """A letter whose From: holds ``depth`` nested comments."""
    return _mail(
        "From: " + "(" * depth + ")" * depth + " Desk <desk@example.com>\nSubject: Comments\n"
    )
