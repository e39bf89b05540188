package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskerTest {

    private static final String SECRET = "s3cr3t-Kiln-42";

    @Test
    void masksEveryOccurrenceAndLeavesTheRest() {
        Masker masker = new Masker(Set.of(SECRET));

        assertThat(masker.mask("pw=" + SECRET + " again " + SECRET))
                .isEqualTo("pw=<sensitive> again <sensitive>");
        assertThat(masker.mask("nothing here")).isEqualTo("nothing here");
        assertThat(masker.mask(null)).isNull();
        assertThat(masker.mask("")).isEmpty();
    }

    @Test
    void emptyValuesAreIgnoredAndNoValuesMaskNothing() {
        assertThat(new Masker(Set.of("")).isEmpty()).isTrue();
        assertThat(Masker.NONE.mask("a" + SECRET)).isEqualTo("a" + SECRET);
        assertThat(Masker.NONE.stream().push("text")).isEqualTo("text");
    }

    @Test
    void overlappingValuesHideEveryCharacterOfBoth() {
        Masker masker = new Masker(Set.of("abc", "bcd"));

        assertThat(masker.mask("xabcdx")).isEqualTo("x<sensitive>x");
        assertThat(masker.mask("abcabc")).isEqualTo("<sensitive><sensitive>");
    }

    @Test
    void aLongerValueWinsOverItsOwnStart() {
        Masker masker = new Masker(Set.of("pass", "password1"));

        assertThat(masker.mask("password1 pass")).isEqualTo("<sensitive> <sensitive>");
    }

    @Test
    void theMaskItselfIsNotMaskedAgainWithinOnePass() {
        // the old masker replaced value after value, so 'sit' was found again inside the first '<sensitive>'
        Masker masker = new Masker(Set.of("top-secret", "sit"));

        assertThat(masker.mask("top-secret sit")).isEqualTo("<sensitive> <sensitive>");
    }

    @Test
    void aValueWithSingleQuotesIsAlsoMaskedAsAShellQuotesIt() {
        Masker masker = new Masker(Set.of("it's"));

        assertThat(masker.mask("docker run -e 'PW=it'\"'\"'s' and it's")).isEqualTo(
                "docker run -e 'PW=<sensitive>' and <sensitive>");
    }

    @Test
    void aStreamHoldsBackOnlyAStartOfAValue() {
        Masker.Stream stream = new Masker(Set.of(SECRET)).stream();

        assertThat(stream.push("before s3c")).isEqualTo("before ");
        assertThat(stream.holding()).isTrue();
        assertThat(stream.push("r3t-Kiln-42 after")).isEqualTo("<sensitive> after");
        assertThat(stream.holding()).isFalse();
        assertThat(stream.finish()).isEmpty();
    }

    @Test
    void whatLooksLikeAStartButIsNotIsPassedOnWithTheNextPart() {
        Masker.Stream stream = new Masker(Set.of(SECRET)).stream();

        assertThat(stream.push("x s3cr")).isEqualTo("x ");
        assertThat(stream.push("ew")).isEqualTo("s3crew");
    }

    @Test
    void finishPassesOnAHeldStartAsItIs() {
        Masker.Stream stream = new Masker(Set.of(SECRET)).stream();

        assertThat(stream.push("ends with s3cr3t")).isEqualTo("ends with ");
        assertThat(stream.finish()).isEqualTo("s3cr3t");
        assertThat(stream.push("reused: " + SECRET)).isEqualTo("reused: <sensitive>");
    }

    @Test
    void aValueCutAtAnyPointOfAnyPartIsMaskedWhole() {
        Masker masker = new Masker(Set.of(SECRET, "other"));
        String text = "a" + SECRET + "b" + SECRET + SECRET + "other" + "c";
        String expected = masker.mask(text);
        assertThat(expected).isEqualTo("a<sensitive>b<sensitive><sensitive><sensitive>c");
        for (int cut = 0; cut <= text.length(); cut++) {
            for (int second = cut; second <= text.length(); second++) {
                Masker.Stream stream = masker.stream();
                String out = stream.push(text.substring(0, cut)) + stream.push(text.substring(cut, second))
                        + stream.push(text.substring(second)) + stream.finish();
                assertThat(out).as("cut at %d and %d", cut, second).isEqualTo(expected);
            }
        }
    }

    @Test
    void aValueLongerThanAPartIsMaskedWhenItSpansSeveralParts() {
        String longSecret = "k".repeat(10) + "-long-" + "v".repeat(10);
        Masker.Stream stream = new Masker(Set.of(longSecret)).stream();
        List<String> out = new ArrayList<>();
        String text = "<" + longSecret + ">";
        for (int i = 0; i < text.length(); i += 4) {
            out.add(stream.push(text.substring(i, Math.min(text.length(), i + 4))));
        }
        out.add(stream.finish());

        assertThat(String.join("", out)).isEqualTo("<<sensitive>>");
    }

    @Test
    void overlappingValuesAcrossPartsStillBecomeOneMask() {
        Masker.Stream stream = new Masker(Set.of("abcd", "cdef")).stream();

        String out = stream.push("xabcd") + stream.push("efy") + stream.finish();

        assertThat(out).isEqualTo("x<sensitive>y");
    }

    @Test
    void whatAStreamHoldsStaysShorterThanTheLongestValue() {
        Masker masker = new Masker(Set.of(SECRET, "s3"));
        Masker.Stream stream = masker.stream();
        Random random = new Random(7);
        StringBuilder all = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String part = randomText(random, 1 + random.nextInt(40));
            all.append(part);
            out.append(stream.push(part));
            assertThat(stream.held()).isLessThan(masker.longest());
        }
        out.append(stream.finish());

        assertThat(out.toString()).isEqualTo(masker.mask(all.toString()));
    }

    private static String randomText(Random random, int length) {
        String alphabet = "s3cr3t-Kiln-42 x";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? SECRET : String.valueOf(alphabet.charAt(random.nextInt(
                    alphabet.length()))));
        }
        return text.toString();
    }
}
