a = 1 #	c
#	comment
