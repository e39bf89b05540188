package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs after packaging: every third-party jar the distribution bundles is named in its NOTICE, so the NOTICE cannot fall behind. */
class NoticeIT {

    private static final Pattern NAME = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

    @Test
    void noticeNamesEveryBundledLibrary() throws IOException {
        Path home = KilnProcess.home();
        String notice = Files.readString(home.resolve("NOTICE"));
        List<Path> jars;
        try (Stream<Path> files = Files.walk(home)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }

        assertThat(jars).hasSizeGreaterThan(20);
        for (Path jar : jars) {
            Matcher m = NAME.matcher(jar.getFileName().toString());
            assertThat(m.matches()).as(jar.toString()).isTrue();
            String library = m.group(1);
            if (!library.startsWith("kiln-")) {
                assertThat(notice).as("NOTICE names " + library).containsPattern("\\b" + Pattern.quote(library) + "\\b");
            }
        }
    }
}
