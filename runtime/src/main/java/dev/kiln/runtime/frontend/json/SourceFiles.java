package dev.kiln.runtime.frontend.json;

import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads template and variable files: at most {@link TemplateLimits#MAX_FILE_BYTES} (so {@code /dev/zero} or a huge
 * file is a problem, not an {@link OutOfMemoryError}), as UTF-8, naming the line and column of the first byte that is
 * not UTF-8. Packer reads such a byte as U+FFFD and so changes the value silently; JSON text must be UTF-8.
 */
final class SourceFiles {

    /** The text of a file, or the problem that kept it from being read. */
    record Text(String content, TemplateProblem problem) {
    }

    private SourceFiles() {
    }

    /**
     * Reads {@code file}.
     *
     * @param what how messages name the file: {@code "the template"}, {@code "the variable file"}
     * @throws IOException when the file cannot be opened or read, for the caller to word
     */
    static Text read(Path file, String what) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(TemplateLimits.MAX_FILE_BYTES + 1);
        }
        if (bytes.length > TemplateLimits.MAX_FILE_BYTES) {
            return new Text(null, new TemplateProblem(SourcePosition.of(file.toString()), "", what + " is larger than "
                    + TemplateLimits.bytes(TemplateLimits.MAX_FILE_BYTES) + ", Kiln's limit for a file it reads"));
        }
        return decode(file.toString(), bytes, what);
    }

    /** Decodes {@code bytes} as UTF-8, or says where the first byte that is not UTF-8 is. */
    static Text decode(String file, byte[] bytes, String what) {
        if (bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF
                || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
            return new Text(null, new TemplateProblem(new SourcePosition(file, 1, 1), "", what
                    + " is UTF-16 text; save it as UTF-8"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.position(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            int offset = in.position();
            String shown = offset < bytes.length
                    ? "byte 0x" + String.format(Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " (at offset " + offset
                    + ") is not part of a valid UTF-8 character" : "the file ends inside a UTF-8 character";
            return new Text(null, new TemplateProblem(new SourcePosition(file, line, column), "", what
                    + " is not UTF-8 text: " + shown + "; save it as UTF-8"));
        }
        return new Text(out.flip().toString(), null);
    }
}
