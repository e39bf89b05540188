package dev.kiln.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.KilnCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln fmt} as {@code packer fmt} (1.6.6) behaves: the outputs and exit codes below are what Packer printed and
 * returned for the same files, except for the wording of errors (Kiln shows the parser's diagnostics where Packer says
 * only "failed to parse HCL").
 */
class FmtCommandTest {

    private static final String UNFORMATTED = "a=1\nbb = 2\n";
    private static final String FORMATTED = "a  = 1\nbb = 2\n";

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", "/home/test"), dir, false);
        return KilnCli.run(session, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void rewritesAFileAndNamesIt() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "u.pkr.hcl")).isZero();

        assertThat(out()).isEqualTo("u.pkr.hcl\n");
        assertThat(err()).isEmpty();
        assertThat(read("u.pkr.hcl")).isEqualTo(FORMATTED);
    }

    @Test
    void aFormattedFileIsNeitherNamedNorWritten() throws IOException {
        Path file = write("f.pkr.hcl", FORMATTED);
        long modified = Files.getLastModifiedTime(file).toMillis() - 10_000;
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified));

        assertThat(run("fmt", "f.pkr.hcl")).isZero();

        assertThat(out()).isEmpty();
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }

    @Test
    void checkExits3AndListsTheUnformattedFilesWithoutWriting() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);
        write("f.pkr.hcl", FORMATTED);

        assertThat(run("fmt", "-check", ".")).isEqualTo(FmtCommand.NOT_FORMATTED).isEqualTo(3);

        assertThat(out()).isEqualTo("u.pkr.hcl\n");
        assertThat(read("u.pkr.hcl")).isEqualTo(UNFORMATTED);
    }

    @Test
    void checkExits0WhenEverythingIsFormatted() throws IOException {
        write("f.pkr.hcl", FORMATTED);
        write("v.pkrvars.hcl", "v = 1\n");

        assertThat(run("fmt", "-check", ".")).isZero();

        assertThat(out()).isEmpty();
        assertThat(err()).isEmpty();
    }

    @Test
    void checkWinsOverWrite() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-check", "-write=true", "u.pkr.hcl")).isEqualTo(3);

        assertThat(read("u.pkr.hcl")).isEqualTo(UNFORMATTED);
    }

    @Test
    void diffPrintsTheNameThenAUnifiedDiff() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-diff", "-write=false", "u.pkr.hcl")).isZero();

        // what 'packer fmt -diff -write=false u.pkr.hcl' printed
        assertThat(out()).isEqualTo("""
                u.pkr.hcl
                --- old/u.pkr.hcl
                +++ new/u.pkr.hcl
                @@ -1,2 +1,2 @@
                -a=1
                +a  = 1
                 bb = 2
                """);
        assertThat(read("u.pkr.hcl")).isEqualTo(UNFORMATTED);
    }

    @Test
    void diffAlsoWritesUnlessToldNot() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-diff", "u.pkr.hcl")).isZero();

        assertThat(out()).startsWith("u.pkr.hcl\n--- old/u.pkr.hcl\n");
        assertThat(read("u.pkr.hcl")).isEqualTo(FORMATTED);
    }

    @Test
    void writeFalseOnlyNamesTheFilesAsPacker166Does() throws IOException {
        write("u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-write=false", "u.pkr.hcl")).isZero();

        assertThat(out()).isEqualTo("u.pkr.hcl\n");
        assertThat(read("u.pkr.hcl")).isEqualTo(UNFORMATTED);
    }

    @Test
    void aFolderMeansItsTemplatesThenItsVariableFilesAndLeavesJsonAndSubFoldersAlone() throws IOException {
        String json = "{\"builders\":[ {\"type\":\"docker\"} ]}";
        write("b.pkr.hcl", UNFORMATTED);
        write("a.pkr.hcl", UNFORMATTED);
        write("a.pkrvars.hcl", "x=1\n");
        write("z.auto.pkrvars.hcl", "y=1\n");
        write("template.json", json);
        write("t.pkr.json", json);
        write("other.hcl", "q=1\n");
        write("sub/s.pkr.hcl", "x=1\n");

        assertThat(run("fmt", ".")).isZero();

        assertThat(out()).isEqualTo("a.pkr.hcl\nb.pkr.hcl\na.pkrvars.hcl\nz.auto.pkrvars.hcl\n");
        assertThat(read("a.pkrvars.hcl")).isEqualTo("x = 1\n");
        assertThat(read("template.json")).isEqualTo(json);
        assertThat(read("t.pkr.json")).isEqualTo(json);
        assertThat(read("other.hcl")).isEqualTo("q=1\n");
        assertThat(read("sub/s.pkr.hcl")).isEqualTo("x=1\n");
    }

    @Test
    void filesOfANamedFolderAreNamedUnderIt() throws IOException {
        write("my templates/u.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-check", "./my templates/")).isEqualTo(3);

        assertThat(out()).isEqualTo("my templates/u.pkr.hcl\n");
    }

    @Test
    void aPathWithSpaces() throws IOException {
        write("with space/my template.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "with space/my template.pkr.hcl")).isZero();

        assertThat(out()).isEqualTo("with space/my template.pkr.hcl\n");
        assertThat(read("with space/my template.pkr.hcl")).isEqualTo(FORMATTED);
    }

    @Test
    void aFileThatDoesNotParseIsLeftAloneWithItsDiagnosticsAndExitCode1() throws IOException {
        String bad = "a = 1\nb = \n";
        write("bad.pkr.hcl", bad);
        write("good.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", "-check", ".")).isEqualTo(1);

        assertThat(read("bad.pkr.hcl")).isEqualTo(bad);
        assertThat(out()).isEqualTo("good.pkr.hcl\n");
        assertThat(err()).startsWith("Error: ").contains("on bad.pkr.hcl line 2", "   2: b = ");
    }

    @Test
    void theOtherFilesAreStillFormattedWhenOneDoesNotParse() throws IOException {
        write("bad.pkr.hcl", "x {\n");
        write("good.pkr.hcl", UNFORMATTED);

        assertThat(run("fmt", ".")).isEqualTo(1);

        assertThat(read("good.pkr.hcl")).isEqualTo(FORMATTED);
        assertThat(read("bad.pkr.hcl")).isEqualTo("x {\n");
        assertThat(err()).contains("bad.pkr.hcl line 1");
    }

    @Test
    void aJsonTemplateIsNotHcl2() throws IOException {
        write("template.json", "{}");

        assertThat(run("fmt", "template.json")).isEqualTo(1);

        assertThat(err()).startsWith("Error: Cannot tell whether template.json contains HCL2 configuration data");
        assertThat(out()).isEmpty();
    }

    @Test
    void aFolderWithoutHcl2FilesIsAnError() throws IOException {
        write("empty/template.json", "{}");

        assertThat(run("fmt", "empty")).isEqualTo(1);

        assertThat(err()).contains("Cannot tell whether empty contains HCL2 configuration data");
    }

    @Test
    void aMissingPathIsAnError() {
        assertThat(run("fmt", "nope.pkr.hcl")).isEqualTo(1);

        assertThat(err()).contains("'nope.pkr.hcl' does not exist");
    }

    @Test
    void theTemplateIsRequired() {
        assertThat(run("fmt")).isEqualTo(1);

        assertThat(err()).contains("TEMPLATE");
    }

    @Test
    void crlfFilesKeepTheirLineEnds() throws IOException {
        Files.write(dir.resolve("w.pkr.hcl"), "a=1\r\nbb = 2 # c\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(run("fmt", "w.pkr.hcl")).isZero();

        assertThat(Files.readAllBytes(dir.resolve("w.pkr.hcl")))
                .isEqualTo("a  = 1\r\nbb = 2 # c\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private int runWithInput(String input, String... args) {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", "/home/test"), dir, false);
        return KilnCli.run(session, new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), false,
                args);
    }

    @Test
    void aDashFormatsStandardInputOntoStandardOutput() {
        assertThat(runWithInput(UNFORMATTED, "fmt", "-")).isZero();

        assertThat(out()).isEqualTo(FORMATTED);
        assertThat(err()).isEmpty();
    }

    @Test
    void aDashPrintsFormattedInputUnchanged() {
        assertThat(runWithInput(FORMATTED, "fmt", "-")).isZero();

        assertThat(out()).isEqualTo(FORMATTED);
    }

    @Test
    void aDashWithCheckPrintsNothingAndExits3WhenNotFormatted() {
        assertThat(runWithInput(UNFORMATTED, "fmt", "-check", "-")).isEqualTo(3);
        assertThat(runWithInput(FORMATTED, "fmt", "-check", "-")).isZero();

        assertThat(out()).isEmpty();
    }

    @Test
    void aDashWithInputThatDoesNotParseShowsItsDiagnostics() {
        assertThat(runWithInput("a = \n", "fmt", "-")).isEqualTo(1);

        assertThat(out()).isEmpty();
        assertThat(err()).contains("on <stdin> line 1");
    }

    @Test
    void helpNamesTheFlags() {
        assertThat(run("fmt", "-h")).isZero();

        assertThat(out()).startsWith("Usage: kiln fmt").contains("-check", "-diff", "-write", "TEMPLATE");
    }

    @Test
    void theCommandIsListedWithTheOthers() {
        assertThat(run("-h")).isZero();

        assertThat(out()).contains("fmt");
    }
}
