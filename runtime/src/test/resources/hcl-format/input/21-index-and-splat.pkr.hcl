a = var.l[0]
b = var.l [ 1 ]
c = var.m["k"]
d = var.l[*].id
e = var.l.*.id
f = var.l . 0
g = f()[0]
