a = [for x in var.l : x if x != ""]
b = { for k, v in var.m : k => v }
c = [for x in [1, 2] : x * 2]
d = { for k, v in var.m : v => k... }
