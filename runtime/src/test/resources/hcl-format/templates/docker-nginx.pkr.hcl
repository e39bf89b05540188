# An nginx image, tagged and saved.
variable "version" {
    type        = string
    default     = "0.0.1"
    description = "The image version."
}

variable "tags" {
  type = list(string)
  default = ["latest", "stable"]
}

variable "sensitive_token" {
  type = string
  default = ""
  sensitive = true
}

locals {
    timestamp = regex_replace(timestamp(), "[- TZ:]", "")
    image_name = "workshop/nginx"   # the repository
    labels = {
        maintainer = "ops@example.com"
        "org.opencontainers.image.version" = var.version
    }
}

source "docker" "alpine" {
  image = "alpine:3.12"
  commit = true
  changes = [
    "EXPOSE 80",
    "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
  ]
  run_command = ["-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"]
}

build {
  sources = ["source.docker.alpine"]

  provisioner "shell" {
    inline = [
        "apk add --no-cache nginx",
        "mkdir -p /run/nginx",
    ]
  }

  provisioner "file" {
    source = "index.html"
    destination = "/usr/share/nginx/html/index.html"
  }

  post-processors {
    post-processor "docker-tag" {
      repository = local.image_name
      tags = concat(var.tags, [var.version])
    }
    post-processor "docker-save" {
      path = "nginx-${local.timestamp}.tar"
    }
  }
}
