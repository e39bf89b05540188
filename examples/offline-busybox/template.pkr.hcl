# The HCL2 twin of template.json: the same image contents and tags, from the local base image that
# make-base-image.sh imports (no Docker Hub).
packer {
  required_plugins {
    docker = {
      version = ">= 0.0.7"
      source  = "github.com/hashicorp/docker"
    }
  }
}

source "docker" "busybox" {
  image  = "kiln-examples/busybox"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.busybox"]

  provisioner "shell" {
    inline = ["mkdir -p /var/www", "echo 'hello from kiln' > /var/www/index.html"]
  }

  post-processor "docker-tag" {
    repository = "terraform-workshop/busybox-www"
    tags       = ["0.0.1"]
  }
}
