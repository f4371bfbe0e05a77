"""batch: analysis at corpus scale.

``run_batch`` analyses a corpus on a ``dask.distributed`` cluster into Parquet partitions
(``rashomon batch``); ``import_batch`` stores such partitions without analysing again
(``rashomon ingest DIR``); ``analyse_parallel`` analyses in N local processes for one
writer (``rashomon ingest --jobs N``). ``run_batch`` lives in ``rashomon.batch.cluster``, so that
only ``rashomon batch`` imports Dask.

The names are imported when first asked for: an ``ingest --jobs`` worker starts from
``rashomon.batch.jobs`` and needs neither pyarrow (``partitions``) nor SQLAlchemy
(``store_import``), 0.6 s of imports in every worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.lazy import lazy_attributes

if TYPE_CHECKING:
    from rashomon.batch.jobs import analyse_parallel, default_jobs
    from rashomon.batch.partitions import (
        PartitionRow,
        is_batch_directory,
        partition_files,
        read_rows,
        result_of,
    )
    from rashomon.batch.store_import import ImportCounts, import_batch

_HOMES = {
    "analyse_parallel": "jobs",
    "default_jobs": "jobs",
    "PartitionRow": "partitions",
    "is_batch_directory": "partitions",
    "partition_files": "partitions",
    "read_rows": "partitions",
    "result_of": "partitions",
    "ImportCounts": "store_import",
    "import_batch": "store_import",
}


__getattr__ = lazy_attributes(__name__, _HOMES)

__all__ = [
    "ImportCounts",
    "PartitionRow",
    "analyse_parallel",
    "default_jobs",
    "import_batch",
    "is_batch_directory",
    "partition_files",
    "read_rows",
    "result_of",
]
