import random, sys
R = random.Random(int(sys.argv[1]))
def ws():
    return R.choice(["", " ", "  ", "\t", " \t "])
def nl_or_space():
    return R.choice([" ", "", "\n", "\n  ", "  \n\t"])
IDS = ["a", "bb", "name_x", "é", "var", "x-y", "ünï", "in", "for_each"]
def ident(): return R.choice(IDS)
def string(d=0):
    parts = []
    for _ in range(R.randint(0, 3)):
        c = R.random()
        if c < 0.5: parts.append(R.choice(["txt", " sp ", "é", "$${x}", "\\\"", "a=b", "日本"]))
        elif c < 0.8: parts.append("${" + ws() + expr(d-1, False) + ws() + "}")
        else: parts.append("%{" + ws() + "if " + expr(d-1, False) + ws() + "}y%{" + ws() + "endif" + ws() + "}")
    return '"' + "".join(parts) + '"'
def expr(d, multiline=True):
    sep = nl_or_space if multiline else ws
    c = R.random()
    if d <= 0 or c < 0.25:
        return R.choice([str(R.randint(0, 99)), "1.5", "true", "null", "var." + ident(), string(d), "local.a[0]", "x.*.y", "x[*].y"])
    if c < 0.35: return expr(d-1, multiline) + ws() + R.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]) + ws() + expr(d-1, multiline)
    if c < 0.42: return R.choice(["-", "!"]) + ws() + expr(d-1, multiline)
    if c < 0.5: return "(" + ws() + expr(d-1, multiline) + ws() + ")"
    if c < 0.6:
        items = [expr(d-1, multiline) for _ in range(R.randint(0, 3))]
        return "[" + sep() + ("," + sep()).join(items) + (R.choice(["", ","]) if items else "") + sep() + "]"
    if c < 0.7:
        items = [R.choice([ident(), string(d-1)]) + ws() + R.choice(["=", ":"]) + ws() + expr(d-1, False) for _ in range(R.randint(0, 3))]
        if multiline and R.random() < 0.5:
            return "{\n" + "".join(i + R.choice(["", ","]) + R.choice(["", " # c"]) + "\n" for i in items) + "}"
        return "{" + ws() + ("," + ws()).join(items) + ws() + "}"
    if c < 0.8:
        args = [expr(d-1, multiline) for _ in range(R.randint(0, 3))]
        return R.choice(["f", "max", "join"]) + "(" + sep() + ("," + sep()).join(args) + (ws() + "..." if args and R.random() < 0.2 else "") + sep() + ")"
    if c < 0.87: return expr(d-1, False) + ws() + "?" + ws() + expr(d-1, False) + ws() + ":" + ws() + expr(d-1, False)
    if c < 0.93: return "[for " + ident() + ws() + "," + ws() + "v in " + expr(d-1, False) + ws() + ":" + ws() + expr(d-1, False) + "]"
    return "<<" + R.choice(["EOT", "-EOT"]) + "\n" + R.choice(["  x  \n", "${" + ws() + "a" + ws() + "}\n", "\tt\n"]) + R.choice(["EOT", "  EOT"]) + "\n"
def body(d, indent):
    out = []
    for _ in range(R.randint(0, 5)):
        c = R.random()
        pre = R.choice(["", " ", "    ", "\t", indent])
        if c < 0.55:
            line = pre + ident() + ws() + "=" + ws() + expr(3)
            if not line.endswith("\n"):
                line += R.choice(["", " # trailing", "  // t", " /* b */", "   "]) + "\n"
            out.append(line)
        elif c < 0.75 and d > 0:
            labels = "".join(" " + R.choice(['"lbl"', "lbl", '"é x"']) for _ in range(R.randint(0, 2)))
            if R.random() < 0.2:
                out.append(pre + ident() + labels + ws() + "{" + ws() + (ident() + " = " + expr(1, False) + ws() if R.random() < 0.6 else "") + "}\n")
            else:
                out.append(pre + ident() + labels + ws() + "{" + R.choice(["", " # hdr"]) + "\n" + body(d-1, indent + "  ") + pre + "}" + ws() + "\n")
        elif c < 0.85:
            out.append(pre + R.choice(["# comment  ", "// c", "/* multi\n line */"]) + "\n")
        else:
            out.append(R.choice(["\n", "  \n", "\t\n"]))
    return "".join(out)
text = body(3, "")
if R.random() < 0.2: text = text.replace("\n", "\r\n")
if R.random() < 0.1: text = text.rstrip("\n")
sys.stdout.write(text)
