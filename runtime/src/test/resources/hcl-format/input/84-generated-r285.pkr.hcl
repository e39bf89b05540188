in=  1.5  ? 	 var.é<	x.*.y	: 	 x[*].y 	 /  "txt"
a  =!1.5 # trailing
name_x=	f(- 	 (x.*.y	) ...
) # trailing
	a	{

name_x = join(  )? x.*.y	<"${50 }txt" : true ?{x-y	:  (	x[*].y 	 ) }: [for ünï,	v in {name_x: true, 	 "\"${true }"  = var.ünï, 	 a  =var.é } 	 :""]   
 x-y lbl "é x" 	 { # hdr
é lbl "é x"{
in	=! { 	 	} ? 	 f( 	 x[*].y,	local.a[0]):	var.for_each	!=  x.*.y
  
} 	 
	/* multi
 line */
	
 }  
	/* multi
 line */
é=var.for_each /* b */
	}  
