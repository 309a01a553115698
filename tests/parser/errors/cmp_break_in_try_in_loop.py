while 1:
    try:
        break
    finally:
        pass
