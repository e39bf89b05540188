a   = 1
bbb = 2 # c
block {
  x = <<EOT
  text
EOT
}
