ünï {
  /* multi
 line */
}
é = max(
  x[*].y,
  [for é, v in local.a[0] : x[*].y] != 35 ? 12 : 1.5,
  x[*].y
) /* b */

ünï "é x" {
  ünï lbl "lbl" {
  }
  bb { # hdr
    é = {
      "%{if <<-EOT
${a}
  EOT
      }y%{endif}txt" = x.*.y
    }
    in = join(max([
      x[*].y, null,
      ],
      1.5
      ), ([
        x.*.y,
      ])
    )
    // c
    for_each = <<-EOT
  x  
EOT
  }
  x-y {
  }
  ünï = null // t
}
