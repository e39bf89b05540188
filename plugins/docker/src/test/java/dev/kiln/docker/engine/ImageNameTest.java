package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNameTest {

    @ParameterizedTest
    @CsvSource({
        "alpine, alpine, latest",
        "alpine:3.20, alpine, 3.20",
        "library/alpine:edge, library/alpine, edge",
        "localhost:5000/team/app, localhost:5000/team/app, latest",
        "localhost:5000/team/app:1.2, localhost:5000/team/app, 1.2",
        "alpine@sha256:abc, alpine, sha256:abc"})
    void splitsRepositoryAndTag(String reference, String repository, String tag) {
        ImageName name = ImageName.parse(reference);
        assertThat(name.repository()).isEqualTo(repository);
        assertThat(name.tag()).isEqualTo(tag);
    }
}
