locals {
  msg = <<-EOT
    hello
      world
    EOT
  x   = 2
}
