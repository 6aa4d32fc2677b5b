"""Validation rules for the book's data package.

Every rule returns :class:`Finding` objects that name the file, the row, the column
and the rule, so that a contributor can go straight to the cell that is wrong. Row
numbers count the header as row 1, so they match the line numbers an editor shows.

The rules come in two layers:

* schema rules, driven by ``datapackage.json`` (Frictionless Table Schema): files
  present and described, UTF-8 without a byte-order mark, header columns, types,
  required cells, enums, patterns, minimum/maximum, primary and foreign keys;
* semantic rules that the schema language cannot express: one unit per indicator,
  the currency of money indicators, missing values with a reason, undated
  indicators, percentages within 0-100, ranges.

A cell that fails its own check is one finding, and no later rule reports it again.

Modules, in the order a check runs:

* :mod:`~book.rules.package`: :func:`check_package`, which runs all the others;
  the descriptor's shape is checked by :mod:`book.descriptor`;
* :mod:`~book.rules.contract`: what the book's code reads is still described;
* :mod:`~book.rules.reading`: one CSV file read (encoding, header, row lengths);
* :mod:`~book.rules.cells`: each cell typed and checked against its field;
* :mod:`~book.rules.keys`: primary and foreign keys;
* :mod:`~book.rules.indicators`: indicator rows against ``indicators.csv``;
* :mod:`~book.rules.rows`: shares, ranges, coordinates and sources;
* :mod:`~book.rules.findings`: :class:`Finding`, :class:`Table` and :func:`show`;
* plausibility (well-formed values that cannot be right) is :mod:`book.plausible`.

The package imports nothing from the rest of ``book`` but :mod:`book.descriptor` and
:mod:`book.plausible`.
"""

from book.rules.findings import Finding, Table, show
from book.rules.package import check_package

__all__ = ["Finding", "Table", "check_package", "show"]
