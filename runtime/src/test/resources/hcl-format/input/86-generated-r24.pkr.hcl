name_x = x.*.y  // t
var 	 = {
bb 	 = x.*.y
"${ var.é	? 	 "$${x}${x[*].y	}":var.x-y 	 }%{ 	 if {  "txt${ 	 null 	 }"	= 	 1.5 	 } }y%{ 	 endif }\"" :	<<EOT
${	a 	 }
  EOT
 # c
} # trailing
in "é x" "é x"  {
  in 	 =true   
} 	 
for_each{ # hdr
}
ünï = 	 "${  { 	 "%{	if null	}y%{ endif }"={ "${null }é%{ 	 if "%{  if var.for_each  }y%{endif }"}y%{	endif	}"	: local.a[0],  bb	=  47  },name_x 	 : 	 1.5}	}é%{if !30  }y%{  endif 	 }"   
