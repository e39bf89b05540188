a = ((1 + 2) * (3 + 4))
b = try(lookup(var.m, "k", null), "d")
