package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildOwnerTest {

    @Test
    void aTagReadsBackAsTheSameOwner() {
        BuildOwner owner = new BuildOwner("ci-runner-7.example.com", 4242, Instant.ofEpochMilli(1764598567123L),
                "3f9a0c1d");

        assertThat(owner.tag()).isEqualTo("4242-1764598567123-3f9a0c1d-ci-runner-7.example.com");
        assertThat(BuildOwner.parse(owner.tag())).contains(owner);
    }

    @Test
    void onlyWholeTagsAreRead() {
        assertThat(BuildOwner.parse(null)).isEmpty();
        assertThat(BuildOwner.parse("")).isEmpty();
        assertThat(BuildOwner.parse("4242-1764598567123-3f9a0c1d")).isEmpty();          // no host
        assertThat(BuildOwner.parse("0-1764598567123-3f9a0c1d-host")).isEmpty();       // no process 0
        assertThat(BuildOwner.parse("4242-1764598567123-3F9A-host")).isEmpty();        // upper-case hex
        assertThat(BuildOwner.parse("4242-1764598567123-3f9a-Host")).isEmpty();        // not as written
        assertThat(BuildOwner.parse("99999999999999999999-1-a-host")).isEmpty();       // more than a long
        assertThat(BuildOwner.parse("4242-1764598567123-3f9a-host extra")).isEmpty();
        assertThat(BuildOwner.parse("sleepy_turing")).isEmpty();                       // docker's own names
    }

    @Test
    void aNewBuildIsThisProcessOnThisMachine() {
        BuildOwner owner = BuildOwner.newBuild();

        assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(owner.started()).isEqualTo(Instant.ofEpochMilli(
                ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()));
        assertThat(owner.host()).isEqualTo(BuildOwner.hostName());
        assertThat(owner.build()).hasSize(8);
        assertThat(BuildOwner.newBuild().build()).isNotEqualTo(owner.build());
    }

    @Test
    void hostNamesAreWrittenSoThatTagsStayOneWord() {
        assertThat(BuildOwner.hostName("Build_Host 7.Example.COM")).isEqualTo("build-host-7.example.com");
        assertThat(BuildOwner.hostName("-.odd")).isEqualTo("odd");
        assertThat(BuildOwner.hostName("")).isEqualTo("localhost");
        assertThat(BuildOwner.hostName(null)).isEqualTo("localhost");
        assertThatThrownBy(() -> new BuildOwner("Not Written", 1, Instant.EPOCH, "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
