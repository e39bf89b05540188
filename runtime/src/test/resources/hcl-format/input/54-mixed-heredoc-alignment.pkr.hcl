a = 1
long_name = <<EOT
x
EOT
b = 2
