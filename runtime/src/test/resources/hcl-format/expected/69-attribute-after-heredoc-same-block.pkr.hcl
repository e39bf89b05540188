x {
  script      = <<-EOT
    a
  EOT
  short       = 1
  longer_name = 2
}
