x = f'{await y}'
