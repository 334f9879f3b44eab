"""Imported by the fork server before it forks extraction workers: their imports and tables, built once.

The fork server (see :mod:`flows.processing`) is a fresh, single-threaded
process; importing this module there builds what every page needs — the
extractors, jieba's dictionary, the lexicon, the default catalogue and its
tokenizer — so that workers forked from it start warm and share those tables
copy-on-write. numpy's OpenBLAS would start a thread per core at import;
nothing here does linear algebra, and a process that forks should not have
threads, so it gets one. Then it imports the parent's main module, which
workers would otherwise each import again. Last, everything built so far is
frozen out of the garbage collector's reach (``gc.freeze``, as Python's
documentation advises before forking): a worker's full collections then skip
these long-lived tables, and do not touch, and so copy, the pages they share.
"""

import gc
import json
import logging
import os
from multiprocessing import spawn

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from flows.processing import MAIN_VARIABLE, warm_up  # after the variable, which OpenBLAS reads at import

warm_up(None)

try:  # the parent's main module, as each worker would import it (see flows.processing._context)
    spawn.prepare(json.loads(os.environ.pop(MAIN_VARIABLE, "{}")))
except Exception as exc:  # each worker then tries it itself, and reports what fails there
    logging.getLogger(__name__).warning("the fork server could not import the main module: %s", exc)

gc.collect()
gc.freeze()
