a = 1
list = [
  1,
  2,
]
longer_name = 3
b = 4
