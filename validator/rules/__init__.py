"""Check functions, one module per rule, grouped in sub-packages by rule group.

Each module registers its function with :func:`validator.catalog.rule`; the
rule's data (titles, messages, levels, source) is in ``rules/<group>/<id>.yaml``.
"""
