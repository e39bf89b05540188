f = foo(bar({
  x = 1
  }), [
  2
])
