"""config.archives: the one guarded way an uploaded .docx/.xlsx is opened."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from config.archives import ArchiveLimits, ArchiveRefused, check_archive, open_checked
from tests import zipcraft
from tests.test_tasks_uploads import PDF, docx_bytes, xlsx_bytes


def _refusal(data: bytes, **limits) -> ArchiveRefused:
    with pytest.raises(ArchiveRefused) as caught:
        check_archive(data, limits=ArchiveLimits(**limits) if limits else ArchiveLimits())
    return caught.value


def test_real_office_files_pass_and_stay_readable():
    for data in (docx_bytes(), xlsx_bytes()):
        with open_checked(data) as archive:
            assert "[Content_Types].xml" in archive.namelist()


def test_a_2_gib_bomb_is_refused_at_once_with_flat_memory():
    bomb = zipcraft.xlsx_bomb(2048)
    assert len(bomb) < 2.5 * zipcraft.MIB  # the 2 MB file
    with zipfile.ZipFile(io.BytesIO(bomb)) as honest:  # a valid archive, CRC and all
        assert sum(i.file_size for i in honest.infolist()) > 2 * 1024 * zipcraft.MIB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        refusal = _refusal(bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusal.code == "bomb"
    assert "giải nén bất thường" in str(refusal)
    assert elapsed < 0.5
    assert peak < 4 * zipcraft.MIB


def test_many_small_members_add_up_to_one_budget():
    # 30 MiB of zeros in a 30 KB file: each member is small, their sum is 1000× the file
    members = [zipcraft.zeros(f"xl/media/part{i}.bin", 3) for i in range(10)]
    bomb = zipcraft.build(
        [zipcraft.deflated("[Content_Types].xml", zipcraft.SHEET_TYPES), *members]
    )
    assert _refusal(bomb).code == "bomb"
    # the same parts are fine once the file's ratio allows them
    assert check_archive(bomb, limits=ArchiveLimits(max_ratio=2000)) is None


def test_a_member_that_lies_about_its_size_is_refused_as_corrupt_without_inflating_it():
    liar = zipcraft.zeros("xl/worksheets/sheet1.xml", 300, honest_crc=False)
    liar.declared_size = 1000  # the central directory says 1 KB, the stream holds 300 MiB
    data = zipcraft.build([zipcraft.deflated("[Content_Types].xml", zipcraft.SHEET_TYPES), liar])
    tracemalloc.start()
    try:
        refusal = _refusal(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusal.code == "corrupt"
    assert peak < 4 * zipcraft.MIB


def test_overlapping_entries_count_once_each():
    # one 9 MiB member listed 100 times: 900 MiB from a 10 KB file
    assert _refusal(zipcraft.overlapping(zipcraft.zeros("a.xml", 9), 100)).code == "bomb"


def test_too_many_members_is_refused_before_they_are_listed():
    many = zipcraft.build([zipcraft.deflated(f"p{i}.xml", b"x") for i in range(60)])
    refusal = _refusal(many, max_members=50)
    assert refusal.code == "members" and "hơn 50" in str(refusal)


def test_compression_office_files_never_use_is_refused():
    # bzip2 is inflated by zipfile in one unbounded step per chunk: never let it start
    assert _refusal(zipcraft.build([zipcraft.bzip2_zeros("a.xml", 50)])).code == "method"
    encrypted = zipcraft.deflated("a.xml", b"secret")
    encrypted.flags = 0x1
    assert _refusal(zipcraft.build([encrypted])).code == "method"


@pytest.mark.parametrize(
    "glue",
    [{"prefix": PDF}, {"prefix": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}, {"suffix": PDF}],
    ids=["pdf-before", "png-before", "pdf-after"],
)
def test_an_archive_glued_to_other_data_is_a_polyglot(glue):
    members = [zipcraft.deflated("[Content_Types].xml", zipcraft.SHEET_TYPES)]
    assert _refusal(zipcraft.build(members, **glue)).code == "polyglot"


def test_two_members_of_one_name_is_a_polyglot():
    twice = [
        zipcraft.deflated("word/document.xml", b"<a/>"),
        zipcraft.deflated("word/document.xml", b"<b/>"),
    ]
    assert _refusal(zipcraft.build(twice)).code == "polyglot"


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"plain text", b""])
def test_what_is_not_an_archive_says_so(data):
    assert _refusal(data).code in ("not_zip", "corrupt")


def test_a_directive_docx_has_a_tighter_budget_than_a_spreadsheet():
    from programs.directive_files import DirectiveReadError, read_directive_bytes

    # 60 MiB of text-like parts in a ~1.5 MB file: fine for openpyxl's streaming reader, too
    # much for python-docx, which builds each part whole in memory
    data = zipcraft.build(
        [
            zipcraft.deflated("[Content_Types].xml", zipcraft.WORD_TYPES),
            zipcraft.low_ratio("word/document.xml", 60),
        ]
    )
    assert len(data) < 2 * zipcraft.MIB
    check_archive(data)
    with pytest.raises(DirectiveReadError, match="giải nén bất thường"):
        read_directive_bytes("chi-thi.docx", data)
