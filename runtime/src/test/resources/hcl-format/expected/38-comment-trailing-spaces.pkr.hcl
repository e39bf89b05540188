a = 1 # keep these   
# and these  
