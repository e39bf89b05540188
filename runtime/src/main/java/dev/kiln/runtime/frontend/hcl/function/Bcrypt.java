package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code bcrypt(str, cost...)}: the bcrypt hash of a string (Provos and Mazières, "A Future-Adaptable Password
 * Scheme", 1999; the {@code $2a$} form of OpenBSD's {@code bcrypt(3)}), with a new random salt on each call, as
 * Packer's function (go-cty-funcs over Go's {@code x/crypto/bcrypt}) makes it: cost 10 unless given, a cost below 4
 * taken as 10, above 31 an error; the password's UTF-8 bytes and a terminating NUL, of which the first 72 bytes
 * count (Packer up to 1.9; the x/crypto of later Packers refuses longer passwords instead).
 *
 * <p>Blowfish's initial P-array and S-boxes are the fractional hexadecimal digits of π, computed here once, on first
 * use, with Machin's formula.
 */
final class Bcrypt {
    static final int DEFAULT_COST = 10;
    static final int MIN_COST = 4;
    static final int MAX_COST = 31;

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 23;
    private static final int KEY_LIMIT = 72;
    /** Made on first use: seeding one costs a cold start 15 ms, and few templates call bcrypt. */
    private static final class Salts {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private Bcrypt() {
    }

    static void register(Map<String, HclFunction> t) {
        HclFunction f = HclFunction.builder("bcrypt").param("str", STRING).variadic("cost", NUMBER).returns(STRING)
                .impl(a -> {
                    int cost = a.size() > 1 ? Args.intValue(a, 1) : DEFAULT_COST;
                    if (a.size() > 2) {
                        throw new FunctionException("bcrypt() takes no more than two arguments");
                    }
                    if (cost > MAX_COST) {
                        throw new FunctionException("error occured generating password crypto/bcrypt: cost " + cost
                                + " is outside allowed range (" + MIN_COST + "," + MAX_COST + ")");
                    }
                    byte[] salt = new byte[SALT_BYTES];
                    Salts.RANDOM.nextBytes(salt);
                    return HclValue.string(hash(a.get(0).asString(), cost < MIN_COST ? DEFAULT_COST : cost, salt));
                }).build();
        t.put(f.name(), f);
    }

    /** The {@code $2a$} hash of {@code password} with {@code cost} (4 to 31) and a 16-byte {@code salt}. */
    static String hash(String password, int cost, byte[] salt) {
        if (cost < MIN_COST || cost > MAX_COST || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("cost " + cost + " or a salt of " + salt.length + " bytes");
        }
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(utf8, Math.min(utf8.length + 1, KEY_LIMIT)); // with the NUL, at most 72 bytes
        int[] p = Tables.P.clone();
        int[] s = Tables.S.clone();
        expand(p, s, key, salt);
        for (long round = 1L << cost; round > 0; round--) {
            expand(p, s, key, null);
            expand(p, s, salt, null);
        }
        int[] text = new int[MAGIC.length / 4];
        int[] offset = {0};
        for (int i = 0; i < text.length; i++) {
            text[i] = word(MAGIC, offset);
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < text.length; j += 2) {
                encipher(p, s, text, j);
            }
        }
        byte[] out = new byte[text.length * 4];
        for (int i = 0; i < text.length; i++) {
            out[4 * i] = (byte) (text[i] >>> 24);
            out[4 * i + 1] = (byte) (text[i] >>> 16);
            out[4 * i + 2] = (byte) (text[i] >>> 8);
            out[4 * i + 3] = (byte) text[i];
        }
        return "$2a$" + (cost < 10 ? "0" : "") + cost + "$" + encode(salt, SALT_BYTES)
                + encode(out, HASH_BYTES);
    }

    /** The salt of a {@code $2a$}/{@code $2b$}/{@code $2y$} hash, decoded from its 22 characters. */
    static byte[] salt(String hash) {
        return decode(hash.substring(7, 29), SALT_BYTES);
    }

    /**
     * Blowfish's key schedule, with bcrypt's salt: the key (cycled) is XORed into the P-array, then the P-array and
     * S-boxes are replaced by successive encryptions of a block that, with a salt, is first XORed with the salt's
     * next 8 bytes (cycled).
     */
    private static void expand(int[] p, int[] s, byte[] key, byte[] salt) {
        int[] keyAt = {0};
        for (int i = 0; i < p.length; i++) {
            p[i] ^= word(key, keyAt);
        }
        int[] block = {0, 0};
        int[] saltAt = {0};
        for (int i = 0; i < p.length; i += 2) {
            mix(block, salt, saltAt);
            encipher(p, s, block, 0);
            p[i] = block[0];
            p[i + 1] = block[1];
        }
        for (int i = 0; i < s.length; i += 2) {
            mix(block, salt, saltAt);
            encipher(p, s, block, 0);
            s[i] = block[0];
            s[i + 1] = block[1];
        }
    }

    private static void mix(int[] block, byte[] salt, int[] saltAt) {
        if (salt != null) {
            block[0] ^= word(salt, saltAt);
            block[1] ^= word(salt, saltAt);
        }
    }

    /** The next 4 bytes of {@code data}, big-endian, going round to its start at its end. */
    private static int word(byte[] data, int[] at) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            w = w << 8 | data[at[0]] & 0xff;
            at[0] = (at[0] + 1) % data.length;
        }
        return w;
    }

    /** Encrypts the 64-bit block {@code text[i], text[i + 1]} in place: Blowfish's 16 rounds. */
    private static void encipher(int[] p, int[] s, int[] text, int i) {
        int l = text[i];
        int r = text[i + 1];
        l ^= p[0];
        for (int round = 1; round <= 16; round += 2) {
            r ^= f(s, l) ^ p[round];
            l ^= f(s, r) ^ p[round + 1];
        }
        text[i] = r ^ p[17];
        text[i + 1] = l;
    }

    private static int f(int[] s, int x) {
        return (s[x >>> 24] + s[0x100 | x >>> 16 & 0xff] ^ s[0x200 | x >>> 8 & 0xff]) + s[0x300 | x & 0xff];
    }

    /** bcrypt's base64: its own alphabet, no padding, the first {@code length} bytes of {@code data}. */
    private static String encode(byte[] data, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i += 3) {
            int b0 = data[i] & 0xff;
            int b1 = i + 1 < length ? data[i + 1] & 0xff : 0;
            int b2 = i + 2 < length ? data[i + 2] & 0xff : 0;
            sb.append(ALPHABET.charAt(b0 >>> 2)).append(ALPHABET.charAt((b0 & 3) << 4 | b1 >>> 4));
            if (i + 1 < length) {
                sb.append(ALPHABET.charAt((b1 & 0xf) << 2 | b2 >>> 6));
            }
            if (i + 2 < length) {
                sb.append(ALPHABET.charAt(b2 & 0x3f));
            }
        }
        return sb.toString();
    }

    private static byte[] decode(String text, int length) {
        byte[] out = new byte[length];
        long bits = 0;
        int count = 0;
        int n = 0;
        for (int i = 0; i < text.length() && n < length; i++) {
            int v = ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not bcrypt's base64: " + text);
            }
            bits = bits << 6 | v;
            count += 6;
            if (count >= 8) {
                count -= 8;
                out[n++] = (byte) (bits >>> count);
            }
        }
        return out;
    }

    /** Blowfish's initial state, from π: 18 P-array words, then the four 256-word S-boxes, one after another. */
    static final class Tables {
        static final int[] P;
        static final int[] S;

        static {
            int[] words = piWords(18 + 4 * 256);
            P = Arrays.copyOfRange(words, 0, 18);
            S = Arrays.copyOfRange(words, 18, words.length);
        }

        private Tables() {
        }

        /** The first {@code count} 32-bit words of π's fractional part in hexadecimal (π = 3.243F6A88...). */
        static int[] piWords(int count) {
            int bits = count * 32 + 64; // guard bits
            BigInteger one = BigInteger.ONE.shiftLeft(bits);
            BigInteger pi = arctan(5, one).shiftLeft(4).subtract(arctan(239, one).shiftLeft(2));
            BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
            int[] words = new int[count];
            for (int i = 0; i < count; i++) {
                words[i] = fraction.shiftRight((count - 1 - i) * 32).intValue();
            }
            return words;
        }

        /** arctan(1/x) in fixed point with {@code one} as 1, by its Taylor series. */
        private static BigInteger arctan(int x, BigInteger one) {
            BigInteger x2 = BigInteger.valueOf((long) x * x);
            BigInteger term = one.divide(BigInteger.valueOf(x));
            BigInteger sum = term;
            for (int n = 1; term.signum() != 0; n++) {
                term = term.divide(x2);
                BigInteger t = term.divide(BigInteger.valueOf(2L * n + 1));
                sum = n % 2 == 1 ? sum.subtract(t) : sum.add(t);
            }
            return sum;
        }
    }
}
