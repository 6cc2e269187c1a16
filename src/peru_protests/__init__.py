"""Analysis and build pipeline for the web book on the lethal repression of Peru's
protests, December 2022 - March 2023.

Data flows one way: ``data/`` -> :mod:`peru_protests.validate` -> :mod:`peru_protests.data`
-> analysis modules -> figures and tables -> the book (:mod:`peru_protests.build`).
"""

__version__ = "0.2.0"
