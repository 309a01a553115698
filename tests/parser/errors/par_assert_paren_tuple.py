assert(x, 'msg')
