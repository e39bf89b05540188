a = ! (var.x && var.y)
b = ! ! true
