"""Fingerprints of article text.

The content hash identifies *exact* duplicates across scripts and formatting:
it is computed on :func:`extractors.normalise.normalise_for_hash`. Near
duplicates (MinHash) will sit beside it in this module.
"""

from __future__ import annotations

import hashlib

from extractors.normalise import normalise_for_hash


def content_hash(text: str) -> str:
    """A 32-hex-digit BLAKE2b digest of the normalised text."""
    return hashlib.blake2b(normalise_for_hash(text).encode("utf-8"), digest_size=16).hexdigest()
