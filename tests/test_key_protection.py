"""The pseudonym key and the data folder (issue 11, points 1-3): one key per series of
versions, a key that is private and random and kept apart from the data, a private folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.cli_runs import run_cli
from tests.workbooks import write_pair
from toolkit import pseudonyms
from toolkit.ingest import import_files
from toolkit.pseudonyms import KeyFileError
from toolkit.store import Store


def person_ids(data_dir: Path, version: str) -> set[str]:
    return set(Store(data_dir).load(version).register.citizens["person_id"])


# -- 1. a missing or other key is not silently replaced ------------------------------------


def test_each_version_records_the_keys_fingerprint_never_the_key(
    tmp_path: Path, data_dir: Path
) -> None:
    version = import_files(write_pair(tmp_path), data_dir).version
    assert version
    key = pseudonyms.load_or_create_key()
    manifest = Store(data_dir).manifest(version)
    assert manifest["key_fingerprint"] == pseudonyms.key_fingerprint(key)
    assert len(manifest["key_fingerprint"]) == 16
    assert key.hex() not in (data_dir / "versions" / version / "manifest.json").read_text()
    assert Store(data_dir).audit_events()[-1]["key_fingerprint"] == manifest["key_fingerprint"]
    assert pseudonyms.key_fingerprint(b"x" * 32) != pseudonyms.key_fingerprint(b"y" * 32)


def test_a_lost_key_is_not_replaced_when_versions_exist(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_files(write_pair(tmp_path), data_dir).version == "v0001"
    lost = tmp_path / "other-home" / "pseudonym.key"
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(lost))
    with pytest.raises(KeyFileError, match=r"findes ikke.*v0001.*--ny-noegle"):
        import_files(write_pair(tmp_path), data_dir)
    assert not lost.exists()  # no new key was written
    assert Store(data_dir).current_version() == "v0001"


def test_another_key_is_refused_in_danish(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_files(write_pair(tmp_path), data_dir).version
    other = tmp_path / "other" / "pseudonym.key"
    pseudonyms.load_or_create_key(other)
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(other))
    with pytest.raises(KeyFileError, match="en anden nøgle"):
        import_files(write_pair(tmp_path), data_dir)
    assert [v.id for v in Store(data_dir).versions()] == ["v0001"]


def test_a_new_key_series_on_purpose_is_accepted_and_audited(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))[0] == 0
    old = Store(data_dir).manifest("v0001")["key_fingerprint"]
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "new" / "pseudonym.key"))
    code, _, err = run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))
    assert code == 2 and "--ny-noegle" in err and "Traceback" not in err

    code, out, err = run_cli(capsys, "--data", data_dir, "import", "--ny-noegle",
                         *write_pair(tmp_path))  # fmt: skip
    assert code == 0, out + err
    assert "ny nøgleserie" in out
    new = Store(data_dir).manifest("v0002")["key_fingerprint"]
    assert new != old
    event = Store(data_dir).audit_events()[-1]
    assert event["new_key_series"] == {"previous_fingerprint": old, "based_on": "v0001"}
    assert not person_ids(data_dir, "v0001") & person_ids(data_dir, "v0002")
    # The new series goes on with the new key without the flag.
    assert run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))[0] == 0


def test_a_new_key_series_must_bring_the_register(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register, economy = write_pair(tmp_path)
    assert import_files([register, economy], data_dir).version
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "new" / "pseudonym.key"))
    with pytest.raises(KeyFileError, match=r"register\.xlsx"):
        import_files([economy], data_dir, new_key_series=True)
    assert Store(data_dir).current_version() == "v0001"


def test_versions_without_a_fingerprint_are_accepted_and_said(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_files(write_pair(tmp_path), data_dir).version
    path = data_dir / "versions" / "v0001" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["key_fingerprint"]  # what a version made before fingerprints holds
    path.chmod(0o600)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "other" / "pseudonym.key"))
    messages: list[str] = []
    outcome = import_files(write_pair(tmp_path), data_dir, progress=messages.append)
    assert outcome.version == "v0002"
    assert any("uden fingeraftryk" in m for m in messages)


# -- 2. the key file is private, random and apart from the data ----------------------------


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_key_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    key_path = tmp_path / "pseudonym.key"
    pseudonyms.load_or_create_key(key_path)
    key_path.chmod(mode)
    with pytest.raises(KeyFileError, match=r"chmod 600"):
        pseudonyms.load_or_create_key(key_path)


@pytest.mark.parametrize(
    "content",
    ["00" * 32, "ab" * 32, "0102" * 16, bytes(range(16)).hex() * 2, os.urandom(8).hex()],
    ids=["zeros", "one-byte", "two-bytes", "short-period", "too-short"],
)
def test_a_key_with_too_little_entropy_is_refused(tmp_path: Path, content: str) -> None:
    key_path = tmp_path / "pseudonym.key"
    key_path.write_text(content)
    key_path.chmod(0o600)
    with pytest.raises(KeyFileError, match=r"Nøglefilen .* (tilfældig|kort)"):
        pseudonyms.load_or_create_key(key_path)


def test_a_created_key_passes_its_own_checks(tmp_path: Path) -> None:
    for number in range(50):
        path = tmp_path / f"k{number}"
        assert pseudonyms.load_or_create_key(path) == pseudonyms.load_or_create_key(path)


def test_a_key_hard_linked_into_the_data_folder_is_refused(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_path = tmp_path / "keys" / "pseudonym.key"
    pseudonyms.load_or_create_key(key_path)
    os.link(key_path, data_dir / "noter.txt")  # another name, the same file
    with pytest.raises(KeyFileError, match="samme fil"):
        pseudonyms.check_key_outside(data_dir, key_path)
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(key_path))
    with pytest.raises(KeyFileError, match="samme fil"):
        import_files(write_pair(tmp_path), data_dir)
    assert Store(data_dir).current_version() is None


# -- 3. the data folder is private ---------------------------------------------------------


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}


def test_a_new_data_folder_is_for_its_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "ny" / "data"
    assert import_files(write_pair(tmp_path), data).version
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    found = modes(data)
    for name, mode in found.items():
        if (data / name).is_dir():
            assert mode == 0o700, name
        else:
            assert mode & 0o077 == 0, (name, oct(mode))
    assert found["audit.log"] == found["CURRENT"] == 0o600
    assert found["versions/v0001/manifest.json"] == 0o400
    assert found["versions/v0001/register/citizens.parquet"] == 0o400


def test_a_data_folder_others_can_read_gets_a_danish_warning(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.chmod(0o755)
    code, _, err = run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))
    assert code == 0
    assert "Advarsel: Datamappen" in err and "chmod 700" in err
    code, _, err = run_cli(capsys, "--data", data_dir, "versions")
    assert code == 0 and "Advarsel: Datamappen" in err
    data_dir.chmod(0o700)
    code, _, err = run_cli(capsys, "--data", data_dir, "versions")
    assert code == 0 and "Advarsel" not in err
