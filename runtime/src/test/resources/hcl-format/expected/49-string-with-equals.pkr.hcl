a      = "x = y"
longer = "="
m      = { "k=v" = 1 }
