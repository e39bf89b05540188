 name_x lbl "lbl"{ # hdr
	bb "lbl"	{ # hdr
 é 	 =	{   	 }   
    a  ={	é: 	 "txt%{ 	 if x[*].y }y%{  endif }"	>= "日本a=b", 	 ""  =  (true 	 ), 	 é  : 	 [for a , 	 v in x[*].y:  true] }  ?  [for é , v in var.ünï: ( var.x-y 	 )]: -	local.a[0]
	} 
 }	
    for_each=	f(
  [for x-y,v in "%{if var.var }y%{  endif  }"	? 	 local.a[0] :  local.a[0] :	null ? local.a[0] 	 : 	 var.var],  
	<<EOT
  x  
  EOT
 +x.*.y
) # trailing
 var "lbl" 	 { # hdr
 in "é x" lbl 	 {
  
    é = f(x.*.y,
  x[*].y  
	)  ||	[
] /* b */
 }
 } 	 
 # comment  
