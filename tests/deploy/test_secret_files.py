"""Secrets from files (compose's /run/secrets), read into our variables at start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.secret_files import SecretFileError, load_secret_files


def test_a_file_fills_its_variable(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("s3cret-value\n")
    env = {"SAFE_REPORT_SECRET_KEY_FILE": str(tmp_path / "key"), "PATH": "/bin"}
    assert load_secret_files(env) == ["SAFE_REPORT_SECRET_KEY"]
    assert env["SAFE_REPORT_SECRET_KEY"] == "s3cret-value"


def test_the_bot_token_is_read_too(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("123:abc")
    env = {"TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "token")}
    load_secret_files(env)
    assert env["TELEGRAM_BOT_TOKEN"] == "123:abc"


def test_other_variables_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    env = {"SOMETHING_ELSE_FILE": str(tmp_path / "x")}
    assert load_secret_files(env) == []
    assert "SOMETHING_ELSE" not in env


def test_a_value_given_both_ways_is_refused(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("from-file")
    env = {"SAFE_REPORT_SECRET_KEY": "direct", "SAFE_REPORT_SECRET_KEY_FILE": str(tmp_path / "key")}
    with pytest.raises(SecretFileError, match="both set"):
        load_secret_files(env)


@pytest.mark.parametrize("content", [None, "  \n"])
def test_a_missing_or_empty_file_is_refused(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "key"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SecretFileError):
        load_secret_files({"SAFE_REPORT_SECRET_KEY_FILE": str(path)})


def test_the_command_line_reads_them_before_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`safe-report migrate` with the database URL only in a file, as compose gives it."""
    from bot.cli import main

    url = "sqlite+aiosqlite:///{}".format(tmp_path / "from-file.db")
    (tmp_path / "database_url").write_text(url)
    monkeypatch.delenv("SAFE_REPORT_DATABASE_URL", raising=False)
    monkeypatch.setenv("SAFE_REPORT_DATABASE_URL_FILE", str(tmp_path / "database_url"))
    monkeypatch.setenv("SAFE_REPORT_ENVIRONMENT", "production")
    monkeypatch.delenv("SAFE_REPORT_SECRET_KEY", raising=False)
    try:
        assert main(["migrate"]) == 0  # no server secret needed to migrate
    finally:
        os.environ.pop("SAFE_REPORT_DATABASE_URL", None)  # set by main, not by monkeypatch
    assert (tmp_path / "from-file.db").exists()
