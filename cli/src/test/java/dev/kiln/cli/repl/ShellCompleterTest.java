package dev.kiln.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Tab offers at the shell's prompt. */
class ShellCompleterTest {

    @TempDir Path dir;

    private ShellDriver driver;
    private ShellCompleter completer;

    @BeforeEach
    void open() throws Exception {
        Files.writeString(dir.resolve("template.json"), """
                {
                  "variables": { "version": "1", "region": null },
                  "builders": [ { "type": "test-steps", "name": "alpha" }, { "type": "test-steps", "name": "beta" } ],
                  "post-processors": [ { "type": "docker-tag", "repository": "r", "tag": "t" } ]
                }
                """);
        Files.createDirectories(dir.resolve("vars"));
        Files.writeString(dir.resolve("vars/prod.json"), "{}");
        Files.writeString(dir.resolve(".hidden.json"), "{}");
        driver = new ShellDriver(dir, Map.of("HOME", dir.resolve("home").toString()), "xterm");
        completer = new ShellCompleter(driver.shell());
        driver.shell().execute("load template.json");
    }

    @AfterEach
    void close() throws Exception {
        driver.close();
    }

    /** The values JLine would offer with the cursor at the end of {@code line}: those that start with the word. */
    private List<String> complete(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE);
        String typed = parsed.word().substring(0, parsed.wordCursor());
        return completer.candidates(parsed.words(), parsed.wordIndex(), typed).stream().map(Candidate::value)
                .filter(value -> value.startsWith(typed)).toList();
    }

    @Test
    void theFirstWordIsACommand() {
        assertThat(complete("")).contains("load", "reload", "validate", "inspect", "build", "vars", "set", "unset",
                "var-file", "plugins", "cleanup", "history", "help", "exit");
        assertThat(complete("va")).containsExactlyInAnyOrder("validate", "vars", "var-file");
    }

    @Test
    void aDashOffersTheCommandsFlagsAsPackerSpellsThem() {
        assertThat(complete("build -")).contains("-only=", "-except=", "-var=", "-var-file=", "-on-error=",
                "-parallel-builds=", "-color", "-timestamp-ui", "-machine-readable", "-h")
                .noneMatch(flag -> flag.startsWith("--"));
        assertThat(complete("build --o")).containsExactlyInAnyOrder("--only=", "--on-error=");
        assertThat(complete("validate -s")).containsExactly("-syntax-only");
    }

    @Test
    void onlyAndExceptOfferTheLoadedTemplatesBuilds() {
        assertThat(complete("build -only=")).containsExactlyInAnyOrder("-only=alpha", "-only=beta");
        assertThat(complete("build -only ")).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(complete("build -only=alpha,")).containsExactly("-only=alpha,beta");
        assertThat(complete("build -except=")).containsExactlyInAnyOrder("-except=alpha", "-except=beta",
                "-except=docker-tag");
    }

    @Test
    void setUnsetAndVarOfferVariableNames() {
        driver.shell().execute("set other=x");

        assertThat(complete("set ")).containsExactly("version=", "region=", "other=");
        assertThat(complete("unset ")).containsExactly("other");
        assertThat(complete("build -var=r")).containsExactly("-var=region=");
        assertThat(complete("validate -var ")).contains("version=", "region=");
    }

    @Test
    void templatesAndVarFilesCompleteAsPaths() {
        assertThat(complete("load ")).containsExactlyInAnyOrder("template.json", "vars/");
        assertThat(complete("load vars/")).containsExactly("vars/prod.json");
        assertThat(complete("load .h")).containsExactly(".hidden.json");
        assertThat(complete("build -var-file=v")).containsExactly("-var-file=vars/");
        assertThat(complete("var-file vars/p")).containsExactly("vars/prod.json");
        assertThat(complete("build -plugin-dir=")).containsExactly("-plugin-dir=vars/");
    }

    @Test
    void fixedChoicesAndComponentTypes() {
        assertThat(complete("build -on-error=")).containsExactly("-on-error=cleanup", "-on-error=abort",
                "-on-error=ask");
        assertThat(complete("plugins ")).contains("docker", "docker-tag", "shell", "test-steps");
        assertThat(complete("help b")).containsExactly("build");
    }

    @Test
    void tabAtThePromptCompletesThroughTheLineReader() {
        driver.start();

        driver.type("valid\t").awaitTyped("validate ");
        driver.type("-syn\t").awaitTyped("validate -syntax-only ");
        driver.type("\u0015build -on-\t").awaitTyped("build -on-error=");
        driver.type("as\t").awaitTyped("build -on-error=ask ");
    }
}
