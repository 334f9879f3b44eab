import time

import pytest

from tests.conftest import holding_warehouse
from warehouse.connection import open_warehouse
from warehouse.exceptions import WarehouseLocked
from warehouse.loader import load_spool
from warehouse.query import run_query
from warehouse.spool import Batch, pending_batches, write_batch


@pytest.fixture
def locked_db(db_path):
    """The warehouse held read-write by another process."""
    with open_warehouse(db_path):
        pass
    with holding_warehouse(db_path) as holder:
        yield db_path, holder


def test_read_names_the_holder(locked_db):
    db_path, holder = locked_db
    with pytest.raises(WarehouseLocked) as err:
        run_query(db_path, "SELECT 1", wait=0.3)
    assert str(holder.pid) in str(err.value)
    assert "close that process" in str(err.value)


def test_locked_load_keeps_the_batch_and_a_later_load_finishes(locked_db, tmp_path):
    db_path, holder = locked_db
    spool_dir = tmp_path / "spool"
    batch = Batch("0001")
    batch.add("runs", [{"run_id": "r1", "flow": "test", "status": "completed"}])
    write_batch(spool_dir, batch)
    started = time.monotonic()
    with pytest.raises(WarehouseLocked):
        load_spool(db_path, spool_dir, wait=0.5)
    assert time.monotonic() - started < 10
    assert [p.name for p in pending_batches(spool_dir)] == ["0001"]
    holder.communicate("\n", timeout=10)  # the analyst closes the CLI
    [report] = load_spool(db_path, spool_dir)
    assert report.batches == ("0001",)
    assert run_query(db_path, "SELECT run_id FROM runs").rows == [("r1",)]
