package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (IPv4 and IPv6). */
final class CidrFunctions {

    private CidrFunctions() {
    }

    /** A parsed prefix: the network address (host bits cleared), its prefix length and address width. */
    record Network(BigInteger address, int prefix, int width) {
        BigInteger last() {
            return address.or(BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE));
        }

        boolean contains(BigInteger a) {
            return a.compareTo(address) >= 0 && a.compareTo(last()) <= 0;
        }

        @Override
        public String toString() {
            return formatAddress(address, width) + "/" + prefix;
        }
    }

    static void register(Map<String, HclFunction> t) {
        add(t, HclFunction.builder("cidrhost").param("prefix", STRING).param("hostnum", NUMBER).returns(STRING)
                .impl(a -> {
                    long host = Args.intValue(a, 1);
                    Network n = parse(a.get(0).asString(), -1);
                    BigInteger size = BigInteger.ONE.shiftLeft(n.width() - n.prefix());
                    BigInteger h = BigInteger.valueOf(host);
                    if (h.signum() < 0) {
                        h = h.add(size);
                    }
                    if (h.signum() < 0 || h.compareTo(size) >= 0) {
                        throw new FunctionException("prefix of " + n.prefix() + " does not accommodate a host "
                                + "numbered " + host);
                    }
                    return HclValue.string(formatAddress(n.address().or(h), n.width()));
                }));
        add(t, HclFunction.builder("cidrnetmask").param("prefix", STRING).returns(STRING).impl(a -> {
            Network n = parse(a.get(0).asString(), -1);
            BigInteger all = BigInteger.ONE.shiftLeft(n.width()).subtract(BigInteger.ONE);
            BigInteger mask = all.xor(BigInteger.ONE.shiftLeft(n.width() - n.prefix()).subtract(BigInteger.ONE));
            return HclValue.string(formatAddress(mask, n.width()));
        }));
        add(t, HclFunction.builder("cidrsubnet").param("prefix", STRING).param("newbits", NUMBER)
                .param("netnum", NUMBER).returns(STRING).impl(a -> {
                    int newbits = Args.intValue(a, 1);
                    long netnum = Args.intValue(a, 2);
                    Network n = parse(a.get(0).asString(), -1);
                    if (newbits > 32) {
                        throw new FunctionException("may not extend prefix by more than 32 bits");
                    }
                    int len = n.prefix() + newbits;
                    if (len > n.width()) {
                        throw new FunctionException("insufficient address space to extend prefix of " + n.prefix()
                                + " by " + newbits);
                    }
                    BigInteger num = BigInteger.valueOf(netnum);
                    if (num.signum() < 0 || num.bitLength() > newbits) {
                        throw new FunctionException("prefix extension of " + newbits + " does not accommodate a "
                                + "subnet numbered " + netnum);
                    }
                    BigInteger addr = n.address().or(num.shiftLeft(n.width() - len));
                    return HclValue.string(new Network(addr, len, n.width()).toString());
                }));
        add(t, HclFunction.builder("cidrsubnets").param("prefix", STRING).variadic("newbits", NUMBER)
                .returns(HclType.list(STRING)).impl(CidrFunctions::cidrsubnets));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static HclValue cidrsubnets(List<HclValue> a) {
        Network n = parse(a.get(0).asString(), 0);
        if (a.size() == 1) {
            return HclValue.emptyList(STRING);
        }
        BigInteger modulus = BigInteger.ONE.shiftLeft(n.width());
        int first = Args.intValue(a, 1) + n.prefix();
        Network current = new Network(mask(n.address().subtract(BigInteger.ONE).mod(modulus), first, n.width()),
                first, n.width());
        List<HclValue> out = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            int bits = Args.intValue(a, i);
            if (bits < 1) {
                throw new FunctionException(i, "must extend prefix by at least one bit");
            }
            if (bits > 32) {
                throw new FunctionException(i, "may not extend prefix by more than 32 bits");
            }
            int len = bits + n.prefix();
            if (len > n.width()) {
                throw new FunctionException(i, "would extend prefix to " + len + " bits, which is too long for an "
                        + (n.width() == 32 ? "IPv4" : "IPv6") + " address");
            }
            BigInteger s = mask(current.last(), len, n.width());
            BigInteger next = new Network(s, len, n.width()).last().add(BigInteger.ONE);
            boolean rollover = next.equals(modulus);
            next = next.mod(modulus);
            if (rollover || !n.contains(next)) {
                throw new FunctionException(i, "not enough remaining address space for a subnet with a prefix of "
                        + len + " bits after " + current);
            }
            current = new Network(next, len, n.width());
            out.add(HclValue.string(current.toString()));
        }
        return HclValue.list(STRING, out);
    }

    private static BigInteger mask(BigInteger a, int prefix, int width) {
        BigInteger host = BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE);
        return a.andNot(host);
    }

    /** Parses a CIDR prefix as Go's net.ParseCIDR; errors name argument {@code argIndex} (or none if -1). */
    static Network parse(String s, int argIndex) {
        int slash = s.indexOf('/');
        try {
            if (slash < 0) {
                throw new NumberFormatException();
            }
            String ip = s.substring(0, slash);
            String len = s.substring(slash + 1);
            if (!len.matches("\\d{1,3}")) {
                throw new NumberFormatException();
            }
            int prefix = Integer.parseInt(len);
            BigInteger addr;
            int width;
            if (ip.contains(":")) {
                addr = parseIpv6(ip);
                width = 128;
            } else {
                addr = parseIpv4(ip);
                width = 32;
            }
            if (prefix > width) {
                throw new NumberFormatException();
            }
            return new Network(mask(addr, prefix, width), prefix, width);
        } catch (NumberFormatException e) {
            throw new FunctionException(argIndex, "invalid CIDR expression: invalid CIDR address: " + s);
        }
    }

    private static BigInteger parseIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new NumberFormatException();
        }
        long v = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || p.length() > 1 && p.startsWith("0")) {
                throw new NumberFormatException();
            }
            int o = Integer.parseInt(p);
            if (o > 255) {
                throw new NumberFormatException();
            }
            v = v << 8 | o;
        }
        return BigInteger.valueOf(v);
    }

    private static BigInteger parseIpv6(String ip) {
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        int dbl = ip.indexOf("::");
        if (dbl >= 0 && ip.indexOf("::", dbl + 1) >= 0) {
            throw new NumberFormatException();
        }
        String left = dbl >= 0 ? ip.substring(0, dbl) : ip;
        String right = dbl >= 0 ? ip.substring(dbl + 2) : "";
        groups(left, head);
        groups(right, tail);
        int total = head.size() + tail.size();
        if (dbl < 0 && total != 8 || dbl >= 0 && total > 7) {
            throw new NumberFormatException();
        }
        BigInteger v = BigInteger.ZERO;
        List<Integer> all = new ArrayList<>(head);
        for (int i = total; i < 8; i++) {
            all.add(0);
        }
        all.addAll(tail);
        for (int g : all) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return v;
    }

    private static void groups(String s, List<Integer> out) {
        if (s.isEmpty()) {
            return;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.contains(".")) {
                long v4 = parseIpv4(p).longValue();
                out.add((int) (v4 >> 16));
                out.add((int) (v4 & 0xffff));
            } else {
                if (!p.matches("[0-9a-fA-F]{1,4}")) {
                    throw new NumberFormatException();
                }
                out.add(Integer.parseInt(p, 16));
            }
        }
    }

    /** An address as Go's net.IP.String writes it: dotted IPv4, or RFC 5952 IPv6. */
    static String formatAddress(BigInteger a, int width) {
        if (width == 32) {
            long v = a.longValue();
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = a.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
