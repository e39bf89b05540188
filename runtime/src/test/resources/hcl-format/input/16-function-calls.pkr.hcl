a = max( 1 ,2,3 )
b = format ("%s-%s", var.a,  var.b)
c = concat([1], [2]...)
d = foo(
  1,
  2
)
