package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;

/** {@code rsadecrypt(ciphertext, privatekey)}: PKCS #1 v1.5 decryption with an unencrypted PKCS #1 PEM key. */
final class RsaFunctions {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n((?:[A-Za-z-]+: .*\\r?\\n)*)\\r?\\n?"
                    + "([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private RsaFunctions() {
    }

    static void register(Map<String, HclFunction> t) {
        HclFunction f = HclFunction.builder("rsadecrypt").param("ciphertext", STRING).param("privatekey", STRING)
                .returns(STRING).impl(a -> HclValue.string(decrypt(a.get(0).asString(), a.get(1).asString())))
                .build();
        t.put(f.name(), f);
    }

    static String decrypt(String ciphertext, String pem) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new FunctionException("failed to decode input " + Json.quote(ciphertext)
                    + ": cipher text must be base64-encoded");
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new FunctionException("failed to parse key: no key found");
        }
        if (m.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
            throw new FunctionException("failed to parse key: password protected keys are not supported. Please "
                    + "decrypt the key prior to use");
        }
        if (m.group(1).equals("PRIVATE KEY")) {
            throw new FunctionException("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for "
                    + "this key format)");
        }
        byte[] pkcs1;
        try {
            pkcs1 = Base64.getMimeDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new FunctionException("failed to parse key: no key found");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(pkcs1)));
        } catch (GeneralSecurityException e) {
            throw new FunctionException("x509: failed to parse private key");
        }
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.DECRYPT_MODE, key);
            return new String(c.doFinal(data), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new FunctionException("crypto/rsa: decryption error");
        }
    }

    /** Wraps a PKCS #1 RSAPrivateKey in a PKCS #8 PrivateKeyInfo, which Java's key factory reads. */
    private static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
}
