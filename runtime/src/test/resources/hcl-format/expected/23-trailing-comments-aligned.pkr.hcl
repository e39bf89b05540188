a    = 1   # one
bbbb = 2   # two
cc   = "x" // three

d = 1 # alone
