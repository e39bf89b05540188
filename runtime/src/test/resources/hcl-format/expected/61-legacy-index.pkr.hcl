a = var.l.0.x
b = var.m.k[0]
