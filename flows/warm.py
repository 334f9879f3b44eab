"""Imported by the fork server before it forks extraction workers: their imports and tables, built once.

The fork server (see :mod:`flows.processing`) is a fresh, single-threaded
process; importing this module there builds what every page needs — the
extractors, jieba's dictionary, the lexicon, the default catalogue and its
tokenizer — so that workers forked from it start warm and share those tables
copy-on-write. numpy's OpenBLAS would start a thread per core at import;
nothing here does linear algebra, and a process that forks should not have
threads, so it gets one.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from flows.processing import warm_up  # after the variable, which OpenBLAS reads at import

warm_up(None)
