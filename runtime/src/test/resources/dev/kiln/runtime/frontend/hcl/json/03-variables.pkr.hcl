packer {
  required_version = ">= 1.6.0"
}
variable "settings" {
  type = object({
    name = string
    size = optional(number)
  })
  default = { name = "kiln" }
  validation {
    condition     = length(var.settings.name) > 2
    error_message = "The name must be longer than two characters."
  }
}
variable "nothing" {
  type     = string
  default  = null
  nullable = true
}
variables {
  legacy = "old style"
}
locals {
  label = "${var.settings.name}-${var.legacy}"
}
source "docker" "x" {
  image   = "busybox"
  changes = ["LABEL l=${local.label}", "LABEL s=${coalesce(var.settings.size, 0)}"]
}
build {
  sources = ["source.docker.x"]
}
