"""Names the printouts and their command lines share, without loading reportlab.

The command line and the window list the paper sizes and report parts at start;
reportlab (a tenth of a second to import) is loaded only when a PDF is made.
"""

from __future__ import annotations

SIZES = ("58mm", "80mm", "card", "a6", "a4")
REPORT_PARTS = ("summary", "register", "stock", "roster", "cleaning")
REPORT_LANGS = ("zh", "en")
