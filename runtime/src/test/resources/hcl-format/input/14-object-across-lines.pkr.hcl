labels = {
team = "x"
  owner_name = "y"
  "quoted key" = 1
}
