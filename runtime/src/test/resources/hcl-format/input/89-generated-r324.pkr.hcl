	bb 	 =	true	?  [ true	?var.x-y	: true]:	1.5	!=[ 	 null,  "${  null	}${	"\"" 	 }",  2,	] /* b */
in  =  {
a : 	 f(	null)  &&	{ ""  = null, 	 "${var.var	}${ x.*.y} sp "=	"${  var.a 	 }${  x[*].y 	 }${ 1.5 	 }" }
"txt$${x}%{	if ""	?x[*].y	: null	}y%{endif }"  =	[ 	 	],
name_x :[for for_each , v in var.in	:	(  1.5)] # c
}
    name_x "lbl" lbl 	 {	bb = true	}
é = <<-EOT
${a}
EOT
