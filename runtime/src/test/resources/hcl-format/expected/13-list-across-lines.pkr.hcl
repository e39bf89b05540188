tags = [
  "a",
  "b",
  "c"
]
