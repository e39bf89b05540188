dynamic "tag" {
for_each = var.tags
content {
key = tag.key
value = tag.value
}
}
