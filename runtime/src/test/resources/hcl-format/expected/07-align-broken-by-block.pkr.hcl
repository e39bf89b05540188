aaa = 1
blk {
  x    = 1
  yyyy = 2
}
b    = 2
cccc = 3
