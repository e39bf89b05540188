package dev.kiln.plugin.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checksum types Packer's {@code checksum} post-processor knows, by the names templates use. */
enum ChecksumType {
    MD5("MD5"),
    SHA1("SHA-1"),
    SHA224("SHA-224"),
    SHA256("SHA-256"),
    SHA384("SHA-384"),
    SHA512("SHA-512");

    /** The names, in this order, for messages: {@code md5, sha1, …}. */
    static final String SUPPORTED = Arrays.stream(values()).map(ChecksumType::templateName)
            .collect(Collectors.joining(", "));

    private final String algorithm;

    ChecksumType(String algorithm) {
        this.algorithm = algorithm;
    }

    /** The name templates use, e.g. {@code sha256}. */
    String templateName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A new digest; every JDK has these algorithms. */
    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no " + algorithm + " digest", e);
        }
    }

    /** The type a template names; exact, as in Packer ({@code SHA256} is not a type). */
    static Optional<ChecksumType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.templateName().equals(name)).findFirst();
    }
}
