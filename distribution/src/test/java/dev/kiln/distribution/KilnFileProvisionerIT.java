package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The {@code file} provisioner through the packaged {@code bin/kiln}: its plugin ships and loads like the others. */
class KilnFileProvisionerIT extends EngineTest {

    @Test
    void aFolderGoesUpIsUsedByAShellAndComesBack() throws Exception {
        Path run = Files.writeString(Files.createDirectories(work.resolve("site/bin")).resolve("run.sh"),
                "#!/bin/sh\necho site script ran\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(work.resolve("site/link"), Path.of("bin/run.sh"));
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [
                    { "type": "file", "source": "site", "destination": "/srv" },
                    { "type": "file", "source": "site/", "destination": "/opt/flat" },
                    { "type": "file", "content": "a note", "destination": "/srv/site/note.txt" },
                    { "type": "shell", "inline": [
                      "echo mode=$(stat -c %a /srv/site/bin/run.sh) link=$(readlink /opt/flat/link)",
                      "/srv/site/link",
                      "echo note=$(cat /srv/site/note.txt)"
                    ] },
                    { "type": "file", "direction": "download", "source": "/srv/site/", "destination": "back/" },
                    { "type": "file", "direction": "download", "source": "/srv/site/note.txt", "destination": "out/" }
                  ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains(
                "==> docker: Uploading site => /srv",
                "==> docker: Uploading site/ => /opt/flat",
                "==> docker: Uploading content (6 bytes) => /srv/site/note.txt",
                "    docker: mode=750 link=bin/run.sh",
                "    docker: site script ran",
                "    docker: note=a note",
                "==> docker: Downloading /srv/site/ => back/",
                "==> docker: Downloading /srv/site/note.txt => out/");
        assertThat(work.resolve("out/note.txt")).hasContent("a note");
        assertThat(work.resolve("back/note.txt")).hasContent("a note");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("back/bin/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(work.resolve("back/link"))).isEqualTo(Path.of("bin/run.sh"));
    }

    /** Packer treats names as bytes; a JVM decodes them in the locale's charset, which the launcher makes UTF-8. */
    @Test
    void underLcAllCNonAsciiTemplateAndFileNamesBuild() throws Exception {
        Path folder = Files.createDirectories(work.resolve("tëst dïr"));
        Files.writeString(folder.resolve("fïle ü.txt"), "gruß aus der datei");
        Files.writeString(folder.resolve("tëmplate.json"), """
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [
                    { "type": "file", "source": "{{template_dir}}/fïle ü.txt", "destination": "/tmp/ünï.txt" },
                    { "type": "shell", "inline": ["echo \\"uploaded: $(cat /tmp/ünï.txt)\\""] }
                  ]
                }
                """.replace("BASE", base));

        KilnProcess.Result result = KilnProcess.run(KilnProcess.home(), work, java.util.Map.of("LC_ALL", "C"),
                "build", "-color=false", "tëst dïr/tëmplate.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("==> docker: Uploading " + folder.resolve("fïle ü.txt") + " => /tmp/ünï.txt",
                "    docker: uploaded: gruß aus der datei");
    }

    @Test
    void aMissingSourceIsReportedByValidateWithItsPlace() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "file", "source": "not here.txt", "destination": "/tmp/" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "validate", "template.json");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("template.json:3:",
                "Bad source 'not here.txt': stat not here.txt: no such file or directory");
    }
}
