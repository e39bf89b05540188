variable "image" {
  type    = string
  default = "busybox"
}
variable "tags" {
  type    = list(string)
  default = ["v1", "v2"]
}
variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}
locals {
  full = "${local.repo}:${var.tags[0]}"
  repo = "kiln/${var.image}"
}
local "pw" {
  expression = "pw-${var.secret}"
  sensitive  = true
}
source "docker" "one" {
  image   = var.image
  commit  = true
  changes = [for t in var.tags : "LABEL t=${t}"]
}
source "docker" "two" {
  image   = "other"
  discard = true
}
build {
  name        = "b"
  description = "two builds"
  sources     = ["source.docker.one"]
  source "source.docker.two" {
    name  = "renamed"
    image = "over-${source.name}"
  }
  provisioner "shell" {
    inline       = ["echo ${source.type}.${source.name} ${build.name}", "id=${build.ID}"]
    pause_before = "2s"
    max_retries  = 3
  }
  provisioner "shell" {
    only   = ["docker.one"]
    inline = [local.full]
  }
  provisioner "shell" {
    except  = ["source.docker.one"]
    inline  = ["not on one"]
    timeout = "1m"
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["cleanup"]
  }
  post-processor "docker-tag" {
    repository = local.repo
    tags       = var.tags
  }
  post-processors {
    post-processor "docker-tag" {
      repository          = "x"
      keep_input_artifact = true
    }
    post-processor "docker-push" {
      only = ["b.docker.renamed"]
    }
  }
}
