source "docker" "x" {   image = "alpine"   }
empty  {  }
also {}
