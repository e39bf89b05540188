build {      # the build
  name = "x" # its name
}            # end
