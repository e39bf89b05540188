a = [1,
2]
b = 1
longer = [
1, 2]
