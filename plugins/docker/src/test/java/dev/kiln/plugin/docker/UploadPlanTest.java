package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.CommunicatorException;
import dev.kiln.docker.engine.PathStat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UploadPlanTest {

    private static final Map<String, PathStat> FS = Map.of(
            "/", dir("/"), "/tmp", dir("tmp"), "/etc", dir("etc"), "/etc/hosts", file("hosts"),
            "/srv", dir("srv"), "/srv/app", dir("app"), "/link", new PathStat("link", 0, false, true, "/srv"));

    private static final Function<String, Optional<PathStat>> STAT = path -> Optional.ofNullable(FS.get(path));

    private static PathStat dir(String name) {
        return new PathStat(name, 0, true, false, "");
    }

    private static PathStat file(String name) {
        return new PathStat(name, 10, false, false, "");
    }

    @Test
    void aFileIntoAnExistingDirectory() {
        assertThat(UploadPlan.plan(false, "/tmp/script.sh", STAT))
                .isEqualTo(new UploadPlan("/tmp", List.of(), "script.sh"));
    }

    @Test
    void aFileReplacingAFile() {
        assertThat(UploadPlan.plan(false, "/etc/hosts", STAT)).isEqualTo(new UploadPlan("/etc", List.of(), "hosts"));
    }

    @Test
    void aFileWithMissingParents() {
        assertThat(UploadPlan.plan(false, "/opt/kiln/bin/run", STAT))
                .isEqualTo(new UploadPlan("/", List.of("opt", "opt/kiln", "opt/kiln/bin"), "opt/kiln/bin/run"));
        assertThat(UploadPlan.plan(false, "/srv/app/conf/app.yml", STAT))
                .isEqualTo(new UploadPlan("/srv/app", List.of("conf"), "conf/app.yml"));
    }

    @Test
    void aDirectoryIntoAnExistingDirectory() {
        assertThat(UploadPlan.plan(true, "/srv/app/", STAT)).isEqualTo(new UploadPlan("/srv/app", List.of(), ""));
        assertThat(UploadPlan.plan(true, "/link", STAT)).isEqualTo(new UploadPlan("/link", List.of(), ""));
    }

    @Test
    void aMissingDirectoryIsCreated() {
        assertThat(UploadPlan.plan(true, "/srv/data/www", STAT))
                .isEqualTo(new UploadPlan("/srv", List.of("data"), "data/www"));
    }

    @Test
    void pathsAreNormalised() {
        assertThat(UploadPlan.plan(false, "//tmp/./x/../script.sh", STAT))
                .isEqualTo(new UploadPlan("/tmp", List.of(), "script.sh"));
    }

    @Test
    void impossibleDestinationsAreRefused() {
        assertThatThrownBy(() -> UploadPlan.plan(false, "/etc", STAT))
                .isInstanceOf(CommunicatorException.class)
                .hasMessage("Upload destination '/etc' is a directory in the container; name the file to write, "
                        + "e.g. '/etc/name'.");
        assertThatThrownBy(() -> UploadPlan.plan(true, "/etc/hosts", STAT))
                .hasMessageContaining("'/etc/hosts' is a file in the container");
        assertThatThrownBy(() -> UploadPlan.plan(false, "/etc/hosts/x", STAT))
                .hasMessage("Upload destination '/etc/hosts/x' cannot be created: '/etc/hosts' is a file in the "
                        + "container.");
        assertThatThrownBy(() -> UploadPlan.plan(false, "relative/x", STAT))
                .hasMessage("Container path 'relative/x' must be absolute, e.g. '/tmp/file'.");
        assertThatThrownBy(() -> UploadPlan.plan(false, "/", STAT))
                .hasMessageContaining("'/' is a directory");
    }
}
