x = [(lambda: (y := 1)) for a in (lambda: (z := 2))()]
