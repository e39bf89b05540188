script = <<EOF
  keep   this  
	and tabs
EOF
after  = 1
