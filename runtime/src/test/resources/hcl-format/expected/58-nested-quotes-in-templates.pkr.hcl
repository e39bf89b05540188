a = "${join(",", var.l)}"
b = "${"x"}-${lower("Y")}"
