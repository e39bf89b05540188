/* header
   spanning lines */
a = 1 /* inline */
b = /* before */ 2
locals {
    /* in block */
}
