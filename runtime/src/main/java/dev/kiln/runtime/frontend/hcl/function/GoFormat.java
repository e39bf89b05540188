package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclOperations;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** cty's {@code format}: Go-style verbs {@code %[flags][width][.prec][[n]]verb} over HCL values. */
final class GoFormat {

    private GoFormat() {
    }

    private static final class Verb {
        int argNum;
        boolean sharp;
        boolean zero;
        boolean minus;
        boolean plus;
        boolean space;
        int width = -1;
        int prec = -1;
        char mode;
        String raw;
        int offset;
    }

    /** Formats; {@code args} are wholly known. Throws FunctionException with cty's messages. */
    static String format(String format, List<HclValue> args) {
        StringBuilder out = new StringBuilder();
        int nextArg = 1;
        int highest = 0;
        int n = format.length();
        int p = 0;
        while (p < n) {
            char c = format.charAt(p);
            if (c != '%') {
                out.append(c);
                p++;
                continue;
            }
            if (p + 1 < n && format.charAt(p + 1) == '%') {
                out.append('%');
                p += 2;
                continue;
            }
            Verb v = new Verb();
            v.argNum = nextArg;
            v.offset = p;
            int start = p++;
            while (p < n && "0#-+ ".indexOf(format.charAt(p)) >= 0) {
                switch (format.charAt(p)) {
                    case '0' -> v.zero = true;
                    case '#' -> v.sharp = true;
                    case '-' -> v.minus = true;
                    case '+' -> v.plus = true;
                    default -> v.space = true;
                }
                p++;
            }
            if (p < n && format.charAt(p) >= '1' && format.charAt(p) <= '9') {
                v.width = 0;
                while (p < n && Character.isDigit(format.charAt(p))) {
                    v.width = v.width * 10 + format.charAt(p++) - '0';
                }
            }
            if (p < n && format.charAt(p) == '.') {
                p++;
                v.prec = 0;
                while (p < n && Character.isDigit(format.charAt(p))) {
                    v.prec = v.prec * 10 + format.charAt(p++) - '0';
                }
            }
            if (p < n && format.charAt(p) == '[') {
                p++;
                if (p >= n || format.charAt(p) < '1' || format.charAt(p) > '9') {
                    throw badChar(format, p);
                }
                v.argNum = 0;
                while (p < n && Character.isDigit(format.charAt(p))) {
                    v.argNum = v.argNum * 10 + format.charAt(p++) - '0';
                }
                if (p >= n || format.charAt(p) != ']') {
                    throw badChar(format, p);
                }
                p++;
            }
            if (p >= n) {
                throw new FunctionException("invalid format string starting at offset " + p);
            }
            char mode = format.charAt(p);
            if (!(mode >= 'a' && mode <= 'z' || mode >= 'A' && mode <= 'Z')) {
                throw badChar(format, p);
            }
            v.mode = mode;
            v.raw = format.substring(start, p + 1);
            p++;
            highest = Math.max(highest, v.argNum);
            append(v, out, args);
            nextArg = v.argNum + 1;
        }
        if (highest < args.size()) {
            int firstBad = highest + 1;
            if (highest == 0) {
                throw new FunctionException(firstBad, "too many arguments; no verbs in format string");
            }
            throw new FunctionException(firstBad, "too many arguments; only " + highest + " used by format string");
        }
        return out.toString();
    }

    private static FunctionException badChar(String format, int p) {
        if (p >= format.length()) {
            return new FunctionException("invalid format string starting at offset " + p);
        }
        return new FunctionException("unrecognized format character '" + new String(Character.toChars(
                format.codePointAt(p))) + "' at offset " + p);
    }

    private static void append(Verb v, StringBuilder out, List<HclValue> args) {
        if (v.argNum - 1 >= args.size()) {
            throw new FunctionException("not enough arguments for " + Json.quote(v.raw) + " at " + v.offset
                    + ": need index " + v.argNum + " but have " + args.size() + " total");
        }
        HclValue arg = args.get(v.argNum - 1);
        if (v.mode != 'v' && arg.isNull()) {
            throw unsupported(v, "null value cannot be formatted");
        }
        switch (v.mode) {
            case 'v' -> {
                if (!v.sharp && !arg.isNull() && arg.type() == HclType.STRING) {
                    out.append(pad(v, arg.asString()));
                } else if (!v.sharp && !arg.isNull() && arg.type() == HclType.NUMBER) {
                    out.append(pad(v, shortestG(arg, false)));
                } else {
                    String json;
                    try {
                        json = Json.encode(arg);
                    } catch (FunctionException e) {
                        throw unsupported(v, e.getMessage());
                    }
                    out.append(pad(v, json));
                }
            }
            case 't' -> out.append(convert(v, arg, HclType.BOOL).asBoolean());
            case 'b', 'd', 'o', 'x', 'X', 'e', 'E', 'f', 'g', 'G' -> out.append(number(v, convert(v, arg,
                    HclType.NUMBER)));
            case 's', 'q' -> {
                String s = convert(v, arg, HclType.STRING).asString();
                if (v.prec > 0) {
                    s = Text.firstGraphemes(s, v.prec);
                }
                out.append(pad(v, v.mode == 's' ? s : Json.quote(s)));
            }
            default -> throw new FunctionException("unsupported format verb '" + v.mode + "' in " + Json.quote(v.raw)
                    + " at offset " + v.offset);
        }
    }

    private static HclValue convert(Verb v, HclValue arg, HclType t) {
        try {
            return HclConvert.convert(arg, t);
        } catch (ConversionException e) {
            throw unsupported(v, e.getMessage());
        }
    }

    private static FunctionException unsupported(Verb v, String why) {
        return new FunctionException("unsupported value for " + Json.quote(v.raw) + " at " + v.offset + ": " + why);
    }

    private static String pad(Verb v, String s) {
        if (v.width < 0) {
            return s;
        }
        int len = HclOperations.graphemeCount(s);
        if (len >= v.width) {
            return s;
        }
        String pads = String.valueOf(v.zero ? '0' : ' ').repeat(v.width - len);
        return v.minus ? s + pads : pads + s;
    }

    private static String number(Verb v, HclValue n) {
        String sign;
        String body;
        if (n.isInfinite()) {
            if ("bdoxX".indexOf(v.mode) >= 0) {
                throw unsupported(v, "an integer is required");
            }
            sign = n.asDouble() < 0 ? "-" : v.plus ? "+" : v.space ? " " : "";
            return padNumber(v, sign.isEmpty() && !v.plus && !v.space ? "+" : sign, "Inf", false);
        }
        BigDecimal d = n.asBigDecimal();
        sign = d.signum() < 0 ? "-" : v.plus ? "+" : v.space ? " " : "";
        BigDecimal abs = d.abs();
        if ("bdoxX".indexOf(v.mode) >= 0) {
            BigInteger i;
            try {
                i = abs.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw unsupported(v, "an integer is required");
            }
            int radix = switch (v.mode) {
                case 'b' -> 2;
                case 'o' -> 8;
                case 'x', 'X' -> 16;
                default -> 10;
            };
            body = i.toString(radix);
            if (v.mode == 'X') {
                body = body.toUpperCase(java.util.Locale.ROOT);
            }
            if (v.prec >= 0) {
                if (v.prec == 0 && i.signum() == 0) {
                    body = "";
                }
                while (body.length() < v.prec) {
                    body = "0" + body;
                }
            }
            String prefix = "";
            if (v.sharp) {
                prefix = switch (v.mode) {
                    case 'b' -> "0b";
                    case 'o' -> "0";
                    case 'x' -> "0x";
                    case 'X' -> "0X";
                    default -> "";
                };
            }
            return padNumber(v, sign + prefix, body, v.prec < 0);
        }
        body = switch (v.mode) {
            case 'f' -> abs.setScale(v.prec < 0 ? 6 : v.prec, RoundingMode.HALF_EVEN).toPlainString();
            case 'e', 'E' -> exponent(abs, v.prec < 0 ? 6 : v.prec, v.mode == 'E');
            default -> v.prec < 0 ? shortestG(HclValue.number(abs), v.mode == 'G')
                    : precisionG(abs, v.prec == 0 ? 1 : v.prec, v.mode == 'G', v.sharp);
        };
        return padNumber(v, sign, body, true);
    }

    private static String padNumber(Verb v, String sign, String body, boolean zeroPadAllowed) {
        int len = sign.length() + body.length();
        if (v.width < 0 || len >= v.width) {
            return sign + body;
        }
        int padLen = v.width - len;
        if (v.minus) {
            return sign + body + " ".repeat(padLen);
        }
        if (v.zero && zeroPadAllowed) {
            return sign + "0".repeat(padLen) + body;
        }
        return " ".repeat(padLen) + sign + body;
    }

    /** d.dddde±dd with {@code prec} fraction digits. */
    static String exponent(BigDecimal abs, int prec, boolean upper) {
        int exp;
        String digits;
        if (abs.signum() == 0) {
            exp = 0;
            digits = "0".repeat(prec + 1);
        } else {
            BigDecimal r = abs.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
            digits = r.unscaledValue().toString();
            while (digits.length() < prec + 1) {
                digits += "0";
            }
            digits = digits.substring(0, prec + 1);
        }
        String mant = digits.substring(0, 1) + (prec > 0 ? "." + digits.substring(1) : "");
        return mant + (upper ? "E" : "e") + expText(exp);
    }

    private static String expText(int exp) {
        int a = Math.abs(exp);
        return (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
    }

    /** Go's {@code %g} with the shortest representation ({@code big.Float.Text('g', -1)}). */
    static String shortestG(HclValue n, boolean upper) {
        if (n.isInfinite()) {
            return n.asDouble() > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal d = n.asBigDecimal();
        if (d.signum() == 0) {
            return "0";
        }
        String sign = d.signum() < 0 ? "-" : "";
        BigDecimal abs = d.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        int exp = abs.precision() - abs.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String mant = digits.substring(0, 1) + (digits.length() > 1 ? "." + digits.substring(1) : "");
            return sign + mant + (upper ? "E" : "e") + expText(exp);
        }
        return sign + abs.toPlainString();
    }

    private static String precisionG(BigDecimal abs, int prec, boolean upper, boolean sharp) {
        if (abs.signum() == 0) {
            return "0";
        }
        BigDecimal r = abs.round(new MathContext(prec, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String s;
        if (exp < -4 || exp >= prec) {
            s = exponent(r, prec - 1, upper);
            if (!sharp) {
                int e = s.indexOf(upper ? 'E' : 'e');
                String m = s.substring(0, e);
                if (m.contains(".")) {
                    m = m.replaceAll("0+$", "").replaceAll("\\.$", "");
                }
                s = m + s.substring(e);
            }
        } else {
            s = r.setScale(Math.max(prec - 1 - exp, 0), RoundingMode.HALF_EVEN).toPlainString();
            if (!sharp && s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        }
        return s;
    }
}
