package dev.kiln.plugin.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProvisionerValidateTest {

    private final FileProvisioner provisioner = new FileProvisioner();

    @TempDir
    Path dir;

    private static FileProvisionerConfig config(String source, List<String> sources, String content,
                                                String destination, String direction, boolean generated) {
        return new FileProvisionerConfig(source, sources, content, destination, direction, generated);
    }

    @Test
    void acceptsAFileADirectoryContentAndADownload() throws Exception {
        String file = Files.writeString(dir.resolve("a.txt"), "a").toString();
        Files.createDirectories(dir.resolve("tree"));

        assertThat(provisioner.validate(FileProvisionerConfig.upload(file, "/tmp/a.txt"))).isEmpty();
        assertThat(provisioner.validate(FileProvisionerConfig.upload(dir.resolve("tree") + "/", "/opt"))).isEmpty();
        assertThat(provisioner.validate(config(null, null, "hello", "/etc/motd", null, false))).isEmpty();
        assertThat(provisioner.validate(FileProvisionerConfig.download("/etc/hostname", "out/"))).isEmpty();
    }

    @Test
    void aMissingSourceIsNamedWithItsPath() {
        String missing = dir.resolve("not here.txt").toString();

        assertThat(provisioner.validate(FileProvisionerConfig.upload(missing, "/tmp/x"))).containsExactly(
                "Bad source '" + missing + "': stat " + missing + ": no such file or directory; if an earlier step "
                        + "of the build creates it, set generated: true.");
    }

    @Test
    void generatedSourcesAndDownloadsAreNotLookedForLocally() {
        String missing = dir.resolve("later.tar").toString();

        assertThat(provisioner.validate(config(missing, null, null, "/tmp/later.tar", null, true))).isEmpty();
        assertThat(provisioner.validate(FileProvisionerConfig.download(missing, "out/"))).isEmpty();
    }

    @Test
    void sourceAndContentTogetherIsAProblem() throws Exception {
        String file = Files.writeString(dir.resolve("a.txt"), "a").toString();

        assertThat(provisioner.validate(config(file, null, "text", "/tmp/a", null, false))).containsExactly(
                "content cannot be combined with source or sources; give either the text to write or the files to "
                        + "copy.");
        assertThat(provisioner.validate(config(null, List.of(file), "text", "/tmp/a", null, false))).hasSize(1);
    }

    @Test
    void neitherSourceNorContentAndNoDestinationAreReportedTogether() {
        assertThat(provisioner.validate(config(null, null, null, null, null, false))).containsExactly(
                "Source must be specified: give source, sources or content.",
                "Destination must be specified.");
    }

    @Test
    void emptyStringsCountAsAbsentAsInPacker() {
        assertThat(provisioner.validate(config("", List.of(), "", "", "", false))).containsExactly(
                "Source must be specified: give source, sources or content.",
                "Destination must be specified.");
    }

    @Test
    void anUnknownDirectionIsAProblem() throws Exception {
        String file = Files.writeString(dir.resolve("a.txt"), "a").toString();

        assertThat(provisioner.validate(config(file, null, null, "/tmp/a", "sideways", false))).containsExactly(
                "Direction must be one of: download, upload; 'direction' is 'sideways'.");
    }

    @Test
    void contentIsNeverDownloaded() {
        assertThat(provisioner.validate(config(null, null, "text", "out.txt", "download", false))).containsExactly(
                "content can only be uploaded; remove direction 'download' or give a source instead.");
    }

    @Test
    void severalSourcesNeedADirectoryDestination() throws Exception {
        String a = Files.writeString(dir.resolve("a.txt"), "a").toString();
        String b = Files.writeString(dir.resolve("b.txt"), "b").toString();

        assertThat(provisioner.validate(config(b, List.of(a), null, "/tmp/both", null, false))).containsExactly(
                "destination '/tmp/both' must end with '/' when several sources are given, e.g. '/tmp/both/': "
                        + "each source is copied into it.");
        assertThat(provisioner.validate(config(b, List.of(a), null, "/tmp/both/", null, false))).isEmpty();
    }

    @Test
    void anEmptyEntryInSourcesIsNamed() throws Exception {
        String a = Files.writeString(dir.resolve("a.txt"), "a").toString();

        assertThat(provisioner.validate(config(null, List.of(a, ""), null, "/tmp/", null, false))).containsExactly(
                "sources[1] is empty; name a file or directory.");
    }

    @Test
    void everyMissingSourceIsReported() {
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();

        assertThat(provisioner.validate(config(b, List.of(a), null, "/tmp/", null, false)))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("Bad source '" + a + "'"))
                .anySatisfy(p -> assertThat(p).startsWith("Bad source '" + b + "'"));
    }
}
