source "docker" "ubuntu" {
}
variable image {
  default = "x"
}
blk lbl "quoted" {}
