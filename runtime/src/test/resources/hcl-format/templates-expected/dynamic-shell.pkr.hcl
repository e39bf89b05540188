variable "scripts" {
  type = list(object({
    name   = string
    inline = list(string)
  }))
  default = [
    { name = "update", inline = ["apk update"] },
    { name = "tools", inline = ["apk add git", "git --version"] },
  ]
}

source "docker" "base" {
  image  = "alpine:3.12"
  commit = true
}

build {
  sources = ["source.docker.base"]

  dynamic "provisioner" {
    for_each = var.scripts
    labels   = ["shell"]
    content {
      inline = provisioner.value.inline
    }
  }

  provisioner "shell-local" {
    inline = ["echo built ${build.ID}"]
  }
}
