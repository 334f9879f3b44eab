"""Each package declares its public surface once, in ``__all__``."""

import importlib

import pytest


@pytest.mark.parametrize("package", ["extractors", "warehouse", "flows"])
def test_all_matches_public_names(package):
    module = importlib.import_module(package)
    for name in module.__all__:  # names a package imports lazily (flows) must resolve
        getattr(module, name)
    public = {
        name
        for name in vars(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), type(module))
    }
    public -= {"annotations", "logging", "os"}
    assert set(module.__all__) == public
