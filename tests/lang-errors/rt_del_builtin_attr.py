del list.append
