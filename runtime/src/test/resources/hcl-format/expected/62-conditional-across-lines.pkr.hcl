a = (var.x
  ? 1
: 2)
b = 3
