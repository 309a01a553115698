async def main():
    values = [1, 2]
    return (*values 8)
