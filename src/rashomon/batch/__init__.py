"""batch: analysis at corpus scale.

``run_batch`` analyses a corpus on a ``dask.distributed`` cluster into Parquet partitions
(``rashomon batch``); ``import_batch`` stores such partitions without analysing again
(``rashomon ingest DIR``); ``analyse_parallel`` analyses in N local processes for one
writer (``rashomon ingest --jobs N``). ``run_batch`` lives in ``rashomon.batch.cluster``, so that
only ``rashomon batch`` imports Dask.
"""

from rashomon.batch.jobs import analyse_parallel, default_jobs
from rashomon.batch.partitions import (
    PartitionRow,
    is_batch_directory,
    partition_files,
    read_rows,
    result_of,
)
from rashomon.batch.store_import import ImportCounts, import_batch

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
