# The HCL2 twin of template.json: the class-data-sharing training validates it too (see pom.xml), so that HCL2
# templates start from the archive as JSON ones do.
variable "repository" {
  type    = string
  default = "kiln-cds/training"
}

source "docker" "training" {
  image  = "kiln-examples/busybox"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.training"]

  provisioner "shell" {
    inline = ["echo ${var.repository} > /tmp/training"]
  }

  post-processor "docker-tag" {
    repository = var.repository
    tags       = [lower("0.0.1")]
  }
}
