l = [
  1,  # one
  22, # two
  # alone
  333 /* three */
]
