a = "x ${~var.y~} z"
b = "%{~if true~}t%{~endif~}"
