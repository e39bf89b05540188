package dev.kiln.plugin.file;

import dev.kiln.api.testing.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.kiln.api.CommunicatorException;
import dev.kiln.api.KilnException;
import dev.kiln.api.testing.FakeCommunicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of Packer's path rules, through the FakeCommunicator (which uses the Communicator's default methods). */
class FileProvisionerTest {

    private final FileProvisioner provisioner = new FileProvisioner();
    private final FakeContext context = new FakeContext();
    private final FakeCommunicator communicator = new FakeCommunicator();

    @TempDir
    Path dir;

    private void provision(FileProvisionerConfig config) throws InterruptedException {
        assertThat(provisioner.validate(config)).isEmpty();
        provisioner.provision(context, communicator, config);
    }

    private String file(String name, String text) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text).toString();
    }

    @Test
    void aFileIsWrittenAtItsDestination() throws Exception {
        String hello = file("hello.txt", "hi");

        provision(FileProvisionerConfig.upload(hello, "/tmp/greeting.txt"));

        assertThat(communicator.uploads()).containsExactly(entry("/tmp/greeting.txt", "hi"));
        assertThat(context.ui().lines()).containsExactly("say: Uploading " + hello + " => /tmp/greeting.txt");
    }

    @Test
    void aFileKeepsItsNameInADestinationEndingWithASlash() throws Exception {
        String hello = file("hello.txt", "hi");

        provision(FileProvisionerConfig.upload(hello, "/tmp/"));

        assertThat(communicator.uploads()).containsExactly(entry("/tmp/hello.txt", "hi"));
    }

    @Test
    void aDirectoryWithoutATrailingSlashGoesIntoTheDestinationAsItself() throws Exception {
        file("tree/a.txt", "a");

        provision(FileProvisionerConfig.upload(dir.resolve("tree").toString(), "/opt"));

        assertThat(communicator.uploads()).containsExactly(entry("/opt/tree", "<dir>"));
    }

    @Test
    void aDirectoryWithATrailingSlashGivesOnlyItsContents() throws Exception {
        file("tree/a.txt", "a");

        provision(FileProvisionerConfig.upload(dir.resolve("tree") + "/", "/opt/app"));

        assertThat(communicator.uploads()).containsExactly(entry("/opt/app", "<dir>"));
        assertThat(context.ui().lines()).containsExactly("say: Uploading " + dir.resolve("tree") + "/ => /opt/app");
    }

    @Test
    void sourcesGoInOrderWithSourceLast() throws Exception {
        String a = file("a.txt", "a");
        String b = file("b.txt", "b");
        String c = file("c.txt", "c");

        provision(new FileProvisionerConfig(c, List.of(a, b), null, "/tmp/", null, false));

        assertThat(communicator.uploads().keySet()).containsExactlyInAnyOrder("/tmp/a.txt", "/tmp/b.txt", "/tmp/c.txt");
        assertThat(context.ui().lines()).containsExactly(
                "say: Uploading " + a + " => /tmp/",
                "say: Uploading " + b + " => /tmp/",
                "say: Uploading " + c + " => /tmp/");
    }

    @Test
    void contentIsWrittenToTheDestinationFile() throws Exception {
        provision(new FileProvisionerConfig(null, null, "hello\nworld ✓", "/etc/motd", null, false));

        assertThat(communicator.uploads()).containsExactly(entry("/etc/motd", "hello\nworld ✓"));
        assertThat(context.ui().lines()).containsExactly("say: Uploading content (15 bytes) => /etc/motd");
    }

    @Test
    void contentForADirectoryGetsPackersFileName() throws Exception {
        provision(new FileProvisionerConfig(null, null, "x", "/tmp/", null, false));

        assertThat(communicator.uploads()).containsOnlyKeys("/tmp/pkr-file-content");
    }

    @Test
    void aFileDownloadsToItsDestinationCreatingTheFolder() throws Exception {
        communicator.remoteFile("/etc/hostname", "box");
        Path out = dir.resolve("out/deep/hostname.txt");

        provision(FileProvisionerConfig.download("/etc/hostname", out.toString()));

        assertThat(out).hasContent("box");
        assertThat(context.ui().lines()).containsExactly("say: Downloading /etc/hostname => " + out);
    }

    @Test
    void aDownloadIntoADestinationEndingWithASlashKeepsItsName() throws Exception {
        communicator.remoteFile("/etc/hostname", "box");

        provision(FileProvisionerConfig.download("/etc/hostname", dir.resolve("out") + "/"));

        assertThat(dir.resolve("out/hostname")).hasContent("box");
    }

    @Test
    void aDirectoryDownloadWithATrailingSlashFillsTheDestination() throws Exception {
        communicator.remoteFile("/srv/site/", "");

        provision(FileProvisionerConfig.download("/srv/site/", dir.resolve("site") + "/"));

        assertThat(communicator.downloads()).containsExactly("/srv/site/ -> " + dir.resolve("site"));
    }

    @Test
    void aDirectoryDownloadWithoutATrailingSlashGoesIntoADirectoryDestination() throws Exception {
        communicator.remoteFile("/srv/site", "");

        provision(FileProvisionerConfig.download("/srv/site", dir + "/"));

        assertThat(communicator.downloads()).containsExactly("/srv/site -> " + dir.resolve("site"));
    }

    @Test
    void aFailedDownloadKeepsTheCommunicatorsReason() {
        FileProvisionerConfig config = FileProvisionerConfig.download("/nope", dir.resolve("x").toString());

        assertThatThrownBy(() -> provisioner.provision(context, communicator, config))
                .isInstanceOf(CommunicatorException.class)
                .hasMessageContaining("'/nope' does not exist");
    }

    @Test
    void aGeneratedSourceThatNeverAppearedIsNamed() {
        String missing = dir.resolve("made-later.tar").toString();
        FileProvisionerConfig config = new FileProvisionerConfig(missing, null, null, "/tmp/", null, true);
        assertThat(provisioner.validate(config)).isEmpty();

        assertThatThrownBy(() -> provisioner.provision(context, communicator, config))
                .isInstanceOf(KilnException.class)
                .hasMessage("Bad source '" + missing + "': it does not exist; generated: true says an earlier step "
                        + "of the build creates it, but none did.");
        assertThat(communicator.uploads()).isEmpty();
    }

    @Test
    void sourceAndDestinationAreRenderedWhenTheyRun() throws Exception {
        String hello = file("hello.txt", "hi");

        provision(FileProvisionerConfig.upload(hello, "/tmp/{{build `ID`}}x.txt"));

        // the fake leaves actions other than {{.Key}} as they are; the count proves render() was asked
        assertThat(context.renderCount()).isEqualTo(1);
        assertThat(communicator.uploads()).containsOnlyKeys("/tmp/{{build `ID`}}x.txt");
    }

    @Test
    void aCancelledBuildCopiesNothing() throws Exception {
        String hello = file("hello.txt", "hi");
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> provisioner.provision(context, communicator,
                FileProvisionerConfig.upload(hello, "/tmp/x")))
                .isInstanceOf(InterruptedException.class);
        assertThat(communicator.uploads()).isEmpty();
    }

    @Test
    void theRemoteNameIgnoresTrailingSlashes() {
        assertThat(FileProvisioner.remoteName("/srv/site//")).isEqualTo("site");
        assertThat(FileProvisioner.remoteName("/etc/hostname")).isEqualTo("hostname");
    }
}
