é          = 1
naïve_name = "ünïcödé"
m = {
  "日本" = 1
  "x"  = 2
}
emoji = "👍🏽 ok" # 🎉
z     = 3      # zz
