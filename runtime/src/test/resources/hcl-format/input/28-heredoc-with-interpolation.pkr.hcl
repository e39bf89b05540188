a = <<EOT
name: ${ var.name }
${var.x}  tail
%{ if var.y }yes%{ endif }
EOT
