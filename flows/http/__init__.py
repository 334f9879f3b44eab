"""The HTTP client: polite, guarded fetching (robots.txt, per-host delays, retries, SSRF guard, size and time limits).

:func:`flows.http.fetch.fetch_batch` is the one entry point the flows use;
:mod:`flows.http.robots` and :mod:`flows.http.netguard` are its policies.
"""
