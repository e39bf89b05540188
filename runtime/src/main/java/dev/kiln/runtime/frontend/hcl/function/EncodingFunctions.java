package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.DYNAMIC;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** Encoding, hash and UUID functions. */
final class EncodingFunctions {


    private EncodingFunctions() {
    }

    static void register(Map<String, HclFunction> t) {
        add(t, str("base64encode", s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))));
        add(t, str("base64decode", s -> {
            byte[] b;
            try {
                b = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw new FunctionException("failed to decode base64 data '" + s + "'");
            }
            return utf8(b, "the result of decoding the the provided string is not valid UTF-8");
        }));
        add(t, str("base64gzip", s -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(s.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new FunctionException("failed to write gzip raw data: " + e.getMessage());
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }));
        add(t, str("urlencode", EncodingFunctions::queryEscape));
        add(t, HclFunction.builder("textencodebase64").param("string", STRING).param("encoding", STRING)
                .returns(STRING).impl(a -> {
                    java.nio.charset.Charset cs = charset(a.get(1).asString());
                    java.nio.charset.CharsetEncoder enc = cs.newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                    try {
                        ByteBuffer b = enc.encode(java.nio.CharBuffer.wrap(a.get(0).asString()));
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        return HclValue.string(Base64.getEncoder().encodeToString(bytes));
                    } catch (CharacterCodingException e) {
                        throw new FunctionException(0, "the given string contains characters that cannot be "
                                + "represented in " + cs.name());
                    }
                }));
        add(t, HclFunction.builder("textdecodebase64").param("source", STRING).param("encoding", STRING)
                .returns(STRING).impl(a -> {
                    java.nio.charset.Charset cs = charset(a.get(1).asString());
                    byte[] b;
                    try {
                        b = Base64.getDecoder().decode(a.get(0).asString());
                    } catch (IllegalArgumentException e) {
                        throw new FunctionException(0, "the given value is not valid base64");
                    }
                    try {
                        return HclValue.string(cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b))
                                .toString());
                    } catch (CharacterCodingException e) {
                        throw new FunctionException(0, "the given string contains symbols that are not defined for "
                                + cs.name());
                    }
                }));
        add(t, HclFunction.builder("jsonencode").param(Parameter.of("val", DYNAMIC).allowingNull()
                .allowingDynamicType()).returns(STRING).impl(a -> HclValue.string(Json.encode(a.get(0)))));
        add(t, HclFunction.builder("jsondecode").param("str", STRING)
                .returns(a -> a.get(0).isKnown() ? Json.decode(a.get(0).asString()).type() : DYNAMIC)
                .impl(a -> Json.decode(a.get(0).asString())));
        add(t, HclFunction.builder("csvdecode").param("str", STRING)
                .returns(a -> a.get(0).isKnown() ? csvdecode(a.get(0).asString()).type() : DYNAMIC)
                .impl(a -> csvdecode(a.get(0).asString())));
        add(t, HclFunction.builder("yamlencode").param(Parameter.of("value", DYNAMIC).allowingNull()
                .allowingDynamicType()).returns(STRING).impl(a -> HclValue.string(YamlEncoder.encode(a.get(0)))));
        add(t, HclFunction.builder("yamldecode").param("src", STRING)
                .returns(a -> a.get(0).isKnown() ? YamlDecoder.decode(a.get(0).asString()).type() : DYNAMIC)
                .impl(a -> YamlDecoder.decode(a.get(0).asString())));
        add(t, str("md5", s -> hash("MD5", s)));
        add(t, str("sha1", s -> hash("SHA-1", s)));
        add(t, str("sha256", s -> hash("SHA-256", s)));
        add(t, str("sha512", s -> hash("SHA-512", s)));
        add(t, HclFunction.builder("uuidv4").returns(STRING).impl(a -> HclValue.string(UUID.randomUUID()
                .toString())));
        add(t, HclFunction.builder("uuidv5").param("namespace", STRING).param("name", STRING).returns(STRING)
                .impl(a -> HclValue.string(uuidv5(a.get(0).asString(), a.get(1).asString()))));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static HclFunction.Builder str(String name, java.util.function.UnaryOperator<String> op) {
        return HclFunction.builder(name).param("str", STRING).returns(STRING)
                .impl(a -> HclValue.string(op.apply(a.get(0).asString())));
    }

    private static java.nio.charset.Charset charset(String name) {
        try {
            return java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new FunctionException(1, Json.quote(name) + " is not a supported IANA encoding name or alias");
        }
    }

    static String utf8(byte[] b, String error) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new FunctionException(error);
        }
    }

    /** Go's url.QueryEscape. */
    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String hash(String algorithm, String s) {
        return hex(digest(algorithm, s.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String uuidv5(String namespace, String name) {
        UUID ns = switch (namespace) {
            case "dns" -> UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
            case "url" -> UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
            case "oid" -> UUID.fromString("6ba7b812-9dad-11d1-80b4-00c04fd430c8");
            case "x500" -> UUID.fromString("6ba7b814-9dad-11d1-80b4-00c04fd430c8");
            default -> parseUuid(namespace);
        };
        ByteBuffer in = ByteBuffer.allocate(16 + name.getBytes(StandardCharsets.UTF_8).length);
        in.putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits())
                .put(name.getBytes(StandardCharsets.UTF_8));
        byte[] h = digest("SHA-1", in.array());
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer out = ByteBuffer.wrap(h, 0, 16);
        return new UUID(out.getLong(), out.getLong()).toString();
    }

    private static UUID parseUuid(String s) {
        String hex = s;
        if (s.length() == 45 && s.startsWith("urn:uuid:")) {
            hex = s.substring(9);
        } else if (s.length() == 38 && s.startsWith("{") && s.endsWith("}")) {
            hex = s.substring(1, 37);
        }
        if (hex.length() == 32 && hex.matches("[0-9a-fA-F]{32}")) {
            hex = hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
        }
        if (hex.length() != 36) {
            throw new FunctionException("uuidv5() doesn't support namespace " + s + " (invalid UUID length: "
                    + s.length() + ")");
        }
        if (!hex.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new FunctionException("uuidv5() doesn't support namespace " + s + " (invalid UUID format)");
        }
        return UUID.fromString(hex);
    }

    /** Go's encoding/csv reading (RFC 4180), the first record naming the attributes. */
    static HclValue csvdecode(String s) {
        List<List<String>> rows = csvRecords(s);
        if (rows.isEmpty()) {
            throw new FunctionException("missing header line");
        }
        List<String> header = rows.get(0);
        List<HclValue> out = new ArrayList<>();
        Map<String, HclType> attrTypes = new LinkedHashMap<>();
        header.forEach(h -> attrTypes.put(h, STRING));
        HclType objType = HclType.object(attrTypes);
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, HclValue> o = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                o.put(header.get(i), HclValue.string(row.get(i)));
            }
            out.add(HclValue.object(o));
        }
        return out.isEmpty() ? HclValue.emptyList(objType) : HclValue.list(objType, out);
    }

    private static List<List<String>> csvRecords(String s) {
        List<List<String>> rows = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = s.length();
        int fields = -1;
        while (i < n) {
            int recordLine = line;
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean endOfRecord = false;
            if (s.charAt(i) == '\n' || s.startsWith("\r\n", i)) {
                i += s.charAt(i) == '\n' ? 1 : 2;
                line++;
                continue;
            }
            while (!endOfRecord) {
                if (i < n && s.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new FunctionException("parse error on line " + line + ", column " + (i + 1)
                                    + ": extraneous or missing \" in quoted-field");
                        }
                        char c = s.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && s.charAt(i + 1) == '"') {
                                f.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        f.append(c);
                        i++;
                    }
                    if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && !s.startsWith("\r\n", i)) {
                        throw new FunctionException("parse error on line " + line + ", column " + (i + 1)
                                + ": extraneous or missing \" in quoted-field");
                    }
                } else {
                    while (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && !s.startsWith("\r\n", i)) {
                        if (s.charAt(i) == '"') {
                            throw new FunctionException("parse error on line " + line + ", column " + (i + 1)
                                    + ": bare \" in non-quoted-field");
                        }
                        f.append(s.charAt(i++));
                    }
                }
                row.add(f.toString());
                f.setLength(0);
                if (i < n && s.charAt(i) == ',') {
                    i++;
                } else {
                    if (i < n) {
                        i += s.charAt(i) == '\n' ? 1 : 2;
                        line++;
                    }
                    endOfRecord = true;
                }
            }
            if (fields < 0) {
                fields = row.size();
            } else if (row.size() != fields) {
                throw new FunctionException("record on line " + recordLine + ": wrong number of fields");
            }
            rows.add(row);
        }
        return rows;
    }
}
