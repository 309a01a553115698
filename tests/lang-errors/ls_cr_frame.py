async def main():
    pass

coro = main()
frame = coro.cr_frame
coro.close()
