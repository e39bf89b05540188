bb     = ! x.*.y
name_x = var.name_x

ünï "é x" {
  bb = ("日本") < { bb = 70, ünï : x.*.y } ? -join() : [for é, v in [for a, v in 1.5 : local.a[0]] : { x-y : "txt$${x}${43}", "" : var.bb, ünï = x.*.y }] # trailing
}
for_each = { for_each = [], "%{if[for ünï, v in local.a[0] : 86]}y%{endif}${x.*.y * 1.5}" : var.bb ? null : [var.bb, 88, "%{if x.*.y}y%{endif}", ] }
