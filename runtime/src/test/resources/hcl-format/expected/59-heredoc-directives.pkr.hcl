a = <<EOT
%{for x in var.l~}
  ${x}
%{endfor~}
EOT
b = 1
