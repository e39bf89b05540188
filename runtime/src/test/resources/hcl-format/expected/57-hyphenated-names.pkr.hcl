a-b         = 1
long-name_2 = var.x-1
c           = var.a - var.b
