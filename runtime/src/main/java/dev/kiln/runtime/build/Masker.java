package dev.kiln.runtime.build;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Replaces the values of sensitive variables with {@code <sensitive>}, in every output, machine-readable included. */
public final class Masker {

    private static final String MASK = "<sensitive>";

    private final List<String> secrets;

    /** Masks the given values; empty strings are ignored, longer values first so overlaps mask fully. */
    public Masker(Set<String> secrets) {
        this.secrets = secrets.stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Returns {@code text} with every secret replaced; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
