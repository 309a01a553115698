for a in b:
    for c in d:
        pass
    else:
        continue
