// c
name_x = [
  ! f(
    local.a[0],
    x[*].y
  ),
] # trailing
a "é x" lbl {
  var = true /* b */
  x-y lbl "lbl" { bb = local.a[0] }
}

var { # hdr
  a "é x" "é x" {
    x-y = "%{if 69}y%{endif}" == [for var, v in var.x-y : []] # trailing
    in = max(
    ) # trailing

    a lbl {
      bb = join({
        var : ! null,
        name_x : true ? 1.5 : local.a[0],
      }, (1.5) ? [x.*.y] : (1.5)) /* b */
      é   = "${- 1.5 == var.var}$${x}" # trailing
      var = []                         # trailing
    }
    name_x = ((null)) ? [x.*.y, x.*.y, x[*].y] ? 1.5 : max(var.for_each, null, 1.5) : local.a[0] // t
  }
}
