package dev.kiln.runtime.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    private static final List<String> CANDIDATES = List.of("builders", "provisioners", "post-processors", "image",
            "export_path", "pull", "aa", "ac", "docker");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "builderz, builders",
        "provisoners, provisioners",
        "post-processor, post-processors",
        "imgae, image",
        "Image, image",
        "pul, pull",
        "dockr, docker",
        "dokcer, docker",
        "ab, aa",
        "image, none",
        "export, none",
        "x, none",
        "completely-different, none",
    })
    void suggestsOnlyCloseCandidates(String input, String expected) {
        assertThat(Suggestions.closest(input, CANDIDATES).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "distance({0}, {1}) = {2}")
    @CsvSource({"kitten, sitting, 3", "ab, ba, 1", "abc, abc, 0", "'', abc, 3"})
    void distanceCountsEditsAndSwaps(String a, String b, int expected) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
    }

    @Test
    void namesTooLongToBeMistypedAreNotCompared() {
        String name = "n".repeat(4 << 20);           // two of these would need a 16-tebibyte table

        assertThat(Suggestions.closest(name + "x", List.of(name, "builders"))).isEmpty();
        assertThat(Suggestions.closest("buildrs", List.of(name, "builders"))).contains("builders");
    }
}
