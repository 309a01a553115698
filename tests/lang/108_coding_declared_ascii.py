# -*- coding: latin-1 -*-
# A coding declaration other than UTF-8 on a file of plain ASCII: it
# means the same in any ASCII-compatible encoding, so it runs.
print("plain ascii", 1 + 1)
