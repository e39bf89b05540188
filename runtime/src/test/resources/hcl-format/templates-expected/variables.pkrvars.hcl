images = {
  alpine = "alpine:3.13"
  debian = "debian:bullseye-slim"
}
retries = 5
