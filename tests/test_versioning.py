"""The data version behind the caches (``config.versioning``): one query, changed by any write,
and — on PostgreSQL, where it is a prepared statement — still answered after a reconnection."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.pagecache import data_version
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_write_changes_the_version_and_reading_does_not(django_assert_num_queries):
    before = data_version()
    with django_assert_num_queries(1):
        assert data_version() == before
    task = TaskFactory()
    after = data_version()
    assert after != before
    task.text = "Sửa nội dung nhiệm vụ"
    task.save()  # an update leaves a history row
    assert data_version() != after


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_the_prepared_statement_is_prepared_again_on_a_new_connection(transactional_db):
    first = data_version()
    connection.close()  # CONN_MAX_AGE ended, or the server dropped the session
    assert data_version() == first
    connection.close()
    TaskFactory()
    assert data_version() != first
