package dev.kiln.runtime.frontend.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link UnifiedDiff} against GNU {@code diff -u}: the corpus diffs {@code packer fmt -diff} printed
 * ({@code hcl-format/diff/}), cases whose expected text {@code diff -u --label=old --label=new} printed here, and
 * random texts, whose diffs must apply and be shortest.
 */
class HclFormatDiffTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.runtime.frontend.format.HclFormatterCorpusTest#corpus")
    void printsWhatPackerFmtDiffPrints(String name) throws IOException {
        Path corpus = HclFormatterCorpusTest.resource("input").getParent();
        byte[] input = Files.readAllBytes(corpus.resolve("input").resolve(name));
        byte[] expected = Files.readAllBytes(corpus.resolve("expected").resolve(name));
        String packers = Files.readString(corpus.resolve("diff").resolve(name + ".diff"));

        assertThat(UnifiedDiff.of("old/" + name, "new/" + name, input, expected)).isEqualTo(packers);
    }

    static Stream<Arguments> gnuCases() {
        return Stream.of(
                // old, new, what 'diff -u --label=old --label=new' printed
                Arguments.of("a\nb\nc\n", "a\nb\nc\n", ""),
                Arguments.of("", "a\n", "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n"),
                Arguments.of("a\n", "", "--- old\n+++ new\n@@ -1 +0,0 @@\n-a\n"),
                Arguments.of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
                        "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nfourteen\n15\n16\n",
                        "--- old\n+++ new\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
                                + "@@ -11,6 +11,6 @@\n 11\n 12\n 13\n-14\n+fourteen\n 15\n 16\n"),
                Arguments.of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\nb\n3\n4\n5\n6\n7\n8\ni\n10\n",
                        "--- old\n+++ new\n@@ -1,10 +1,10 @@\n 1\n-2\n+b\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+i\n 10\n"),
                Arguments.of("x\ny", "x\ny\n",
                        "--- old\n+++ new\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n"),
                Arguments.of("a\nb\nc\n", "a\nc\n", "--- old\n+++ new\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"),
                Arguments.of("a\n}\n}\n", "a\n}\n}\n}\n", "--- old\n+++ new\n@@ -1,3 +1,4 @@\n a\n }\n }\n+}\n"),
                Arguments.of("  \nx  =  f(\n\n)\n", "\nx = f(\n\n)\n",
                        "--- old\n+++ new\n@@ -1,4 +1,4 @@\n-  \n-x  =  f(\n+\n+x = f(\n \n )\n"),
                Arguments.of("a\nb\nc\n", "a\nb\nb\nc\n", "--- old\n+++ new\n@@ -1,3 +1,4 @@\n a\n b\n+b\n c\n"),
                Arguments.of("a = 1\r\nb=2\r\n", "a = 1\r\nb = 2\r\n",
                        "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a = 1\r\n-b=2\r\n+b = 2\r\n"));
    }

    @ParameterizedTest
    @MethodSource("gnuCases")
    void printsWhatGnuDiffPrints(String oldText, String newText, String expected) {
        assertThat(UnifiedDiff.of("old", "new", oldText, newText)).isEqualTo(expected);
    }

    @Test
    void randomDiffsApplyAndAreShortest() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            String a = randomText(random);
            String b = randomText(random);

            String diff = UnifiedDiff.of("old", "new", a, b);

            if (a.equals(b)) {
                assertThat(diff).isEmpty();
                continue;
            }
            assertThat(apply(a, diff)).as("%s -> %s:\n%s", a, b, diff).isEqualTo(b);
            long changed = diff.lines().skip(2).filter(l -> l.startsWith("-") || l.startsWith("+")).count();
            String[] x = UnifiedDiff.lines(a);
            String[] y = UnifiedDiff.lines(b);
            assertThat(changed).as("%s -> %s", a, b).isEqualTo(x.length + y.length - 2L * lcs(x, y));
        }
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            sb.append("abc}".charAt(random.nextInt(4)));
            if (i < lines - 1 || random.nextInt(4) > 0) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Applies a unified diff with full knowledge of its shape (hunks in order, exact context). */
    private static String apply(String text, String diff) {
        String[] old = UnifiedDiff.lines(text);
        List<String> out = new ArrayList<>();
        int next = 0;
        List<String> lines = new ArrayList<>(List.of(diff.split("(?<=\n)")));
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("@@")) {
                String from = line.substring(4, line.indexOf(' ', 4));
                int start = Integer.parseInt(from.split(",")[0]);
                int length = from.contains(",") ? Integer.parseInt(from.split(",")[1]) : 1;
                int first = length == 0 ? start : start - 1;
                while (next < first) {
                    out.add(old[next++]);
                }
                continue;
            }
            boolean noNewline = i + 1 < lines.size() && lines.get(i + 1).startsWith("\\ No newline");
            String body = line.substring(1);
            if (noNewline) {
                body = body.substring(0, body.length() - 1);
            }
            if (line.startsWith(" ")) {
                assertThat(old[next]).isEqualTo(body);
                out.add(old[next++]);
            } else if (line.startsWith("-")) {
                assertThat(old[next]).isEqualTo(body);
                next++;
            } else if (line.startsWith("+")) {
                out.add(body);
            }
            if (noNewline) {
                i++;
            }
        }
        while (next < old.length) {
            out.add(old[next++]);
        }
        return String.join("", out);
    }

    private static int lcs(String[] a, String[] b) {
        int[][] t = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                t[i][j] = a[i].equals(b[j]) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }

    @Test
    void aDiffOfBytesReadsThemAsUtf8() {
        String diff = UnifiedDiff.of("old", "new", "é=1\n".getBytes(StandardCharsets.UTF_8),
                "é = 1\n".getBytes(StandardCharsets.UTF_8));

        assertThat(diff).isEqualTo("--- old\n+++ new\n@@ -1 +1 @@\n-é=1\n+é = 1\n");
    }
}
