package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that would overwrite what the build reads (issue 10): Packer writes {@code export_path} over the template
 * itself; {@code kiln validate} (and so {@code build}) refuses it at the option, before anything runs. An output that
 * is no input stays writable, as in Packer. Through {@code bin/kiln}, with every plugin Kiln ships.
 */
class OutputsOverInputsIT {

    @TempDir Path work;
    private String json;

    private KilnProcess.Result validate(String template, String... flags) throws Exception {
        json = template;
        Files.writeString(work.resolve("t.json"), template);
        List<String> args = new ArrayList<>(List.of("validate"));
        args.addAll(List.of(flags));
        args.add("t.json");
        return KilnProcess.run(work, args.toArray(String[]::new));
    }

    /** {@code file:line:column: } of the first {@code "key"} after {@code after} in the template. */
    private String at(String after, String key) {
        int offset = json.indexOf("\"" + key + "\"", json.indexOf(after));
        String before = json.substring(0, offset);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = offset - before.lastIndexOf('\n');
        return work.resolve("t.json") + ":" + line + ":" + column + ": ";
    }

    private static List<String> problems(KilnProcess.Result result) {
        return result.stderr().lines().skip(1).map(String::strip).toList();
    }

    @Test
    void anExportPathNamingTheTemplateIsRefusedAtItsOption() throws Exception {
        KilnProcess.Result result = validate("""
                {"builders": [{"type": "docker", "image": "busybox",
                  "export_path": "t.json"}]}
                """);

        assertThat(result.exitCode()).isOne();
        assertThat(problems(result)).containsExactly(at("", "export_path") + "builders[0].export_path: export_path: "
                + "'t.json' is the template; Kiln does not overwrite what a build reads: choose another path.");
        assertThat(work.resolve("t.json")).content().contains("export_path");
    }

    @Test
    void everyOutputOverAnInputIsReportedAtOnceThroughLinksToo() throws Exception {
        Files.writeString(work.resolve("setup.sh"), "echo hi\n");
        Files.writeString(work.resolve("site.txt"), "site\n");
        Files.writeString(work.resolve("vars.json"), "{}");
        Files.createSymbolicLink(work.resolve("alias.sh"), work.resolve("setup.sh"));
        Files.createLink(work.resolve("hard.txt"), work.resolve("site.txt"));

        KilnProcess.Result result = validate("""
                {"builders": [{"type": "docker", "image": "busybox", "export_path": "alias.sh"}],
                 "provisioners": [
                   {"type": "shell", "script": "setup.sh"},
                   {"type": "file", "source": "site.txt", "destination": "/srv/site.txt"},
                   {"type": "file", "direction": "download", "source": "/etc/hostname", "destination": "vars.json"}
                 ],
                 "post-processors": [{"type": "checksum", "output": "./sub/../hard.txt"},
                                     {"type": "manifest", "output": "t.json"}]}
                """, "-var-file=vars.json");

        String template = work.resolve("t.json").toString();
        String refusal = "Kiln does not overwrite what a build reads: choose another path.";
        assertThat(result.exitCode()).isOne();
        assertThat(problems(result)).containsExactly(
                at("", "export_path") + "builders[0].export_path: export_path: 'alias.sh' is read by provisioner "
                        + "'shell' (" + template + ":3:4); " + refusal,
                at("download", "destination") + "provisioners[2].destination: destination: 'vars.json' is a var file "
                        + "of the build; " + refusal,
                at("checksum", "output") + "post-processors[0].output: output: './sub/../hard.txt' is read by "
                        + "provisioner 'file' (" + template + ":4:4); " + refusal,
                at("manifest", "output") + "post-processors[1].output: output: 't.json' is the template; " + refusal);
    }

    @Test
    void outputsThatAreNoInputStayWritableAsInPacker() throws Exception {
        Files.writeString(work.resolve("image.tar"), "an old export");
        Files.writeString(work.resolve("setup.sh"), "echo hi\n");

        KilnProcess.Result result = validate("""
                {"builders": [{"type": "docker", "image": "busybox", "export_path": "image.tar"}],
                 "provisioners": [{"type": "shell", "script": "setup.sh"}],
                 "post-processors": [{"type": "manifest"}]}
                """);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }
}
