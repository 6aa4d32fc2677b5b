"""Helpers for the Greater Bay Area innovation book.

Modules, from the ground floor up:

* :mod:`book.rules` and :mod:`book.data`: validate and load ``data/``;
* :mod:`book.fmt`: figures as prose ("more than 100,000");
* :mod:`book.theme`, :mod:`book.render`, :mod:`book.charts`: the chart theme, the
  renderer and the pure chart builders;
* :mod:`book.currency`: conversions between CNY, HKD and MOP;
* :mod:`book.exercises`: answer checks with specific feedback;
* :mod:`book.embed`, :mod:`book.vendor`, :mod:`book.sphinxext`: build glue.

Importing ``book`` changes nothing outside it. A chapter starts with::

    import book
    from book import charts, data

    book.setup()  # the book's chart theme and renderer, escaped tables

:func:`setup` (:mod:`book.display`) is the one call that changes Altair's and pandas'
settings for the session; calling it twice changes nothing.
"""

__version__ = "0.1.0"

__all__ = ["setup"]


def setup() -> None:
    """Use the book's chart theme, chart renderer and table style in this session.

    Idempotent. See :mod:`book.display`.
    """
    from book.display import setup as _setup

    _setup()
