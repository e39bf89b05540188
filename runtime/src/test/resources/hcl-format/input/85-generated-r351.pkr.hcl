    var lbl lbl 	 { # hdr
	é  =  {
x-y 	 :  { 	 x-y =[	true,  ]	},
" sp %{ 	 if [ true]}y%{	endif 	 }"  =	- [for ünï , v in x[*].y  :	""] # c
}
bb 	 =[ ]
 name_x "lbl"{
    é lbl { # hdr
name_x 	 =var.é /* b */
    }	
bb {	for_each = 27 %	local.a[0]	}
 } 
    }	
x-y = f(  
	)   
ünï=	[ local.a[0],
  [
 ],
  {
x-y=	x[*].y  ==x[*].y
""	: 	 <<EOT
${ 	 a  }
EOT

"日本"	=  null %  true,
} ] # trailing
	var "lbl"{
	} 	 
