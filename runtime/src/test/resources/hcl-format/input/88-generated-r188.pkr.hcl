 // c

	bb lbl{
	in  =var.x-y # trailing
 # comment  
	é  =  max(
  (  34	== x[*].y ),  
	[  
	null,  
	{
"" 	 =	var.é # c
},
  ],  
	<<EOT
	t
EOT
) /* b */
ünï lbl{name_x = {  name_x= 	 x[*].y, 	 "日本" 	 =var.é, 	 "%{ 	 if local.a[0]  }y%{endif }\""=	var.x-y 	 }  }
  bb  {for_each = "a=b${ 	 true  }"	!=	x.*.y}
	}

    // c
