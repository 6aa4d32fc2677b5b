"""Helpers for the Greater Bay Area innovation book.

Modules, from the ground floor up:

* :mod:`book.rules` and :mod:`book.data`: validate and load ``data/``;
* :mod:`book.fmt`: figures as prose ("more than 100,000");
* :mod:`book.theme`, :mod:`book.render`, :mod:`book.charts`: the chart theme, the
  renderer and the pure chart builders;
* :mod:`book.currency`: conversions between CNY, HKD and MOP;
* :mod:`book.exercises`: answer checks with specific feedback;
* :mod:`book.embed`, :mod:`book.vendor`, :mod:`book.sphinxext`: build glue.

Chapters import what they need, e.g. ``from book import charts, data``.
"""

__version__ = "0.1.0"

from book import tables as _tables  # noqa: F401  (escaped, deterministic tables)
