variable "image" {
  type    = string
  default = "busybox"
}
locals {
  repo = "kiln/${var.image}"
}
