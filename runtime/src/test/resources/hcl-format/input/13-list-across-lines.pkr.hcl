tags = [
"a",
    "b"  ,
  "c"
]
