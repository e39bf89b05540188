a = merge(
  {
    a = 1
  },
  var.m,
)
