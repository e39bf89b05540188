ünï = (var.a) /* b */

for_each "é x" "é x" {
  name_x = [for in, v in var.é : ! x.*.y == join()] // t
  var    = local.a[0]
  for_each "lbl" { # hdr
  }

}
for_each "é x" lbl { # hdr
  for_each = ({ é = (null), "" : { é = 13, var = local.a[0] }, "${98}" = 29 })
  ünï      = var.var // t
  // c
  a lbl "lbl" { for_each = var.name_x }
  in "é x" {                        # hdr
    var = ! -true ? local.a[0] : 98 // t
    x-y {                           # hdr
      /* multi
 line */
      var = {
        name_x                                                                           = [join(x[*].y), ],
        "日本${max(x[*].y, var.for_each, true)}%{if[for bb, v in x[*].y : true]}y%{endif}" = [for for_each, v in 34 ? null : "%{if x[*].y}y%{endif}${1.5}" : 1.5 ? x.*.y : true]
      } /* b */
      x-y = x.*.y
      /* multi
 line */
      ünï = 1.5
    }
    x-y = f(
    1.5 ? ("${"${x[*].y} sp a=b"}") : max()) // t
  }
}
