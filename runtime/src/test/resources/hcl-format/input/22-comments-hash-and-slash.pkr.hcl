# top comment
// another
locals {
  # inside
  a = 1 # trailing
  // slash comment
}
