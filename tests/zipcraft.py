"""Hand-built ZIP archives for the upload-guard tests: bombs, liars and polyglots, made in
milliseconds and never committed as binaries.

``zipfile`` can only write honest archives (and compressing 2 GiB of zeros takes seconds), so
members are laid out here byte by byte: a deflate stream of N MiB of zeros is one compressed
MiB block repeated N times (after a full flush the compressor restarts, so the block is the
same every time: ~1 KB per MiB, the 1000:1 of a real bomb).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

MIB = 1024 * 1024

SHEET_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
WORD_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@lru_cache
def _zero_block() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)


@lru_cache
def _zeros_crc(mib: int) -> int:
    crc, block = 0, bytes(MIB)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return crc


@dataclass
class Member:
    name: str
    payload: bytes  # the bytes stored in the archive (already compressed when method is 8)
    size: int  # the real uncompressed size
    crc: int
    method: int = 8
    declared_size: int | None = None  # what the headers claim; None: the truth
    flags: int = 0


def deflated(name: str, data: bytes) -> Member:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return Member(name, payload, len(data), zlib.crc32(data))


def zeros(name: str, mib: int, *, honest_crc: bool = True) -> Member:
    """``mib`` MiB of zeros, deflated (~1 KB per MiB)."""
    finish = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    payload = _zero_block() * mib + finish
    crc = _zeros_crc(mib) if honest_crc else 0
    return Member(name, payload, mib * MIB, crc)


def low_ratio(name: str, mib: int, *, noise_kib: int = 24) -> Member:
    """``mib`` MiB that deflate only ~40:1 — each MiB starts with random bytes — so a large
    inflated size fits in a file under the upload cap without tripping the ratio check."""
    import random

    rng = random.Random(mib)
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    payload, crc = bytearray(), 0
    for _ in range(mib):
        block = rng.randbytes(noise_kib * 1024) + bytes(MIB - noise_kib * 1024)
        payload += compressor.compress(block)
        crc = zlib.crc32(block, crc)
    payload += compressor.flush()
    return Member(name, bytes(payload), mib * MIB, crc)


def bzip2_zeros(name: str, mib: int) -> Member:
    import bz2

    return Member(name, bz2.compress(bytes(mib * MIB)), mib * MIB, 0, method=12)


def build(members: list[Member], *, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """Local headers, data, central directory and end record; offsets count the prefix, as
    they would in a file that really is a ZIP with bytes glued before it."""
    out = bytearray(prefix)
    central = bytearray()
    for member in members:
        offset = len(out)
        size = member.size if member.declared_size is None else member.declared_size
        name = member.name.encode()
        fields = (20, member.flags, member.method, 0, 0x21, member.crc, len(member.payload), size)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, len(name), 0) + name
        out += member.payload
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, len(name), 0, 0, 0, 0, 0, offset
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out + suffix)


def overlapping(member: Member, copies: int) -> bytes:
    """One local member listed ``copies`` times in the central directory (a quoted-overlap
    bomb): every entry inflates the same bytes, so the total grows with each entry."""
    name = member.name.encode()
    fields = (20, 0, member.method, 0, 0x21, member.crc, len(member.payload), member.size)
    out = bytearray(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, len(name), 0) + name)
    out += member.payload
    central = bytearray()
    for i in range(copies):
        alias = f"{member.name}.{i}".encode() if i else name
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, len(alias), 0, 0, 0, 0, 0, 0
        )
        central += alias
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, copies, copies, len(central), start, 0)
    return bytes(out)


def xlsx_bomb(mib: int, **kwargs) -> bytes:
    """Looks like an .xlsx; its first sheet inflates to ``mib`` MiB."""
    return build(
        [
            deflated("[Content_Types].xml", SHEET_TYPES),
            deflated("xl/workbook.xml", b"<workbook/>"),
            zeros("xl/worksheets/sheet1.xml", mib, **kwargs),
        ]
    )


def content_types_bomb(mib: int, **kwargs) -> bytes:
    """An "Office file" whose ``[Content_Types].xml`` — the part the evidence sniffer reads —
    inflates to ``mib`` MiB."""
    return build(
        [zeros("[Content_Types].xml", mib, **kwargs), deflated("xl/workbook.xml", b"<workbook/>")]
    )


def docx_bomb(mib: int, **kwargs) -> bytes:
    return build(
        [
            deflated("[Content_Types].xml", WORD_TYPES),
            zeros("word/document.xml", mib, **kwargs),
        ]
    )
