l = [
<<EOT
line
EOT
, "b"]
