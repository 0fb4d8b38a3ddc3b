"""More of a test's database: a second one on the same engine, and what its schema holds."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engines import TestDatabase, postgres_database, sqlite_database


def second_database(
    request: pytest.FixtureRequest, database: TestDatabase, name: str
) -> TestDatabase:
    """Another empty database on `database`'s engine, with a data folder `name` of its own."""
    folder = database.folder.parent / name
    folder.mkdir()
    if database.is_sqlite:
        return sqlite_database(folder)
    return postgres_database(folder, request.getfixturevalue("make_postgres_url")())


def schema_version_of(database: TestDatabase) -> int:
    """The schema version as the database records it, read directly (0: none recorded)."""
    if database.is_sqlite:
        return int(database.rows("PRAGMA user_version")[0][0])
    if database.rows("SELECT to_regclass('quizapp_schema')")[0][0] is None:
        return 0
    return int(database.rows("SELECT MAX(version) FROM quizapp_schema")[0][0] or 0)


def schema_objects(database: TestDatabase) -> set[tuple[Any, ...]]:
    """Every table and index (on PostgreSQL every column's type, nullability and default too)."""
    if database.is_sqlite:
        return set(
            database.rows(
                "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        )
    return set(
        database.rows(
            "SELECT 'table', table_name, table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() "
            "UNION SELECT 'index', indexname, tablename FROM pg_indexes "
            "WHERE schemaname = current_schema() "
            "UNION SELECT 'column', table_name || '.' || column_name, "
            "data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') "
            "FROM information_schema.columns WHERE table_schema = current_schema()"
        )
    )


def row_counts(database: TestDatabase) -> dict[str, int]:
    """How many rows each of the database's tables holds."""
    if database.is_sqlite:
        tables = [
            row[0]
            for row in database.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
    else:
        tables = [
            row[0]
            for row in database.rows(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        ]
    return {table: int(database.rows(f'SELECT COUNT(*) FROM "{table}"')[0][0]) for table in tables}
