variable "images" {
  type = map(string)
  default = {
    alpine = "alpine:3.12"
    debian = "debian:buster-slim"
  }
}

variable "retries" {
  type    = number
  default = 3
  validation {
    condition     = var.retries >= 0 && var.retries < 10
    error_message = "The retries value must be between 0 and 9."
  }
}

locals {
  suffix   = lower(replace("Build-${uuidv4()}", "-", ""))
  packages = [for p in ["curl", "ca-certificates", "jq"] : p if p != ""]
}

source "docker" "alpine" {
  image  = var.images["alpine"]
  commit = true
}

source "docker" "debian" {
  image  = var.images.debian
  commit = true
}

build {
  name        = "multi"
  description = <<EOT
Builds the same tools on two base images.
  Indentation in here is kept.
EOT

  sources = ["source.docker.alpine", "source.docker.debian"]

  provisioner "shell" {
    only        = ["docker.alpine"]
    inline      = ["apk add --no-cache ${join(" ", local.packages)}"]
    max_retries = var.retries
  }

  provisioner "shell" {
    except = ["docker.alpine"]
    inline = [
      "apt-get update",
      "apt-get install -y ${join(" ", local.packages)}",
    ]
    pause_before = "5s"
    timeout      = "10m"
  }

  post-processor "docker-tag" {
    repository          = "example/${source.name}"
    tags                = ["${local.suffix}", "latest"]
    keep_input_artifact = true
  }
}
