variable "vols" {
  default = { a = "/a", b = "/b" }
}
variable "steps" {
  default = ["one", "two"]
}
source "docker" "x" {
  image = "${path.root}|${packer.version}"
  dynamic "mount" {
    for_each = var.vols
    content {
      target = mount.value
      name   = mount.key
    }
  }
}
build {
  sources = ["source.docker.x"]
  dynamic "provisioner" {
    for_each = var.steps
    iterator = s
    labels   = ["shell"]
    content {
      inline = ["echo ${s.key} ${s.value} on ${source.name}"]
      dynamic "env" {
        for_each = { A = s.value }
        content {
          value = env.value
        }
      }
    }
  }
  post-processors {
    dynamic "post-processor" {
      for_each = ["t1", "t2"]
      labels   = ["docker-tag"]
      content {
        tags = [post-processor.value]
      }
    }
  }
}
