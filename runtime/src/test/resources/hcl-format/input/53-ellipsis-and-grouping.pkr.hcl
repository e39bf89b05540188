a = {for x in var.l : x.k => x.v...}
b = f(var.l ...)
