x = ('abc
   )
