"""Benchmarks at scale and black-box audits of csrplan (`make bench`, `make audit`).

Nothing here is imported by the product; the product only knows the opt-in query-count
middleware (`core.query_count`), which is off unless QUERY_COUNT_HEADER is set.
"""
