a = true
b = null
c = false
d = [for in in var.l : in]
