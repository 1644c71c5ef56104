"""converter/files.py `write_in_place(..., backup=False)`, for `convert --in-place --no-backup`:
the file is rewritten, no TARGET.orig is written, and an existing one is neither an obstacle
nor touched; with the backup (the default) an existing TARGET.orig still stops the run."""

from __future__ import annotations

import os

import pytest

from converter.errors import InputError
from converter.files import write_in_place


def test_without_a_backup_the_file_is_rewritten_and_no_orig_is_written(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\n")
    os.chmod(path, 0o640)
    target, backup = write_in_place(str(path), "FROM a\n", "FROM b\n", backup=False)
    assert (target, backup) == (str(path.resolve()), None)
    assert path.read_text() == "FROM b\n" and os.stat(path).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]     # no .orig, no temporary left


def test_an_existing_orig_stops_only_a_run_that_keeps_a_backup(tmp_path):
    path, orig = tmp_path / "Dockerfile", tmp_path / "Dockerfile.orig"
    path.write_text("FROM a\n")
    orig.write_text("an older backup\n")
    with pytest.raises(InputError, match="already exists and is never overwritten"):
        write_in_place(str(path), "FROM a\n", "FROM b\n")
    assert path.read_text() == "FROM a\n"
    write_in_place(str(path), "FROM a\n", "FROM b\n", backup=False)
    assert path.read_text() == "FROM b\n" and orig.read_text() == "an older backup\n"


def test_a_hard_linked_file_is_rewritten_in_its_inode_without_a_backup(tmp_path):
    path, other = tmp_path / "Dockerfile", tmp_path / "other"
    path.write_text("FROM a\n")
    os.link(path, other)
    write_in_place(str(path), "FROM a\n", "FROM b\n", backup=False)
    assert other.read_text() == "FROM b\n" and not (tmp_path / "Dockerfile.orig").exists()
