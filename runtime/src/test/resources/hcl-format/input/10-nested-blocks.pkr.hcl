build {
sources = ["source.docker.a"]
provisioner "shell" {
inline = ["echo hi"]
}
}
