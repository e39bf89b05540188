package dev.kiln.runtime.frontend.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonPointer;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateParserTest {

    private static final Path FILE = Path.of("t.json");

    private final TemplateParser parser = new TemplateParser();

    private List<String> problems(String json) {
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> parser.parse(FILE, json));
        assertThat(e).as("expected the template to be rejected").isNotNull();
        return e.problems().stream().map(TemplateProblem::toString).toList();
    }

    @Test
    void readsEveryPartOfATemplate() {
        Template t = parser.parse(FILE, """
                {
                  "_comment": "hello",
                  "description": "d",
                  "min_packer_version": "1.6.0",
                  "variables": {"version": "0.0.1", "secret": null},
                  "sensitive-variables": ["secret"],
                  "builders": [
                    {"type": "docker", "image": "alpine", "commit": true},
                    {"type": "docker", "name": "second", "image": "busybox"}
                  ],
                  "provisioners": [
                    {"type": "shell", "inline": ["echo hi"], "only": ["docker"], "pause_before": "10s",
                     "max_retries": 3, "timeout": "5m", "override": {"docker": {"inline": ["echo over"]}}},
                    {"type": "shell", "inline": "echo x", "except": "second", "max_retries": "{{user `r`}}"}
                  ],
                  "post-processors": [
                    "docker-tag",
                    {"type": "docker-tag", "repository": "r", "keep_input_artifact": true},
                    [{"type": "docker-tag", "name": "tagger", "only": ["docker"]}, "docker-push"]
                  ],
                  "error-cleanup-provisioner": {"type": "shell", "inline": ["echo cleanup"]},
                  "push": {"name": "legacy"}
                }
                """);

        assertThat(t.file()).isEqualTo(FILE);
        assertThat(t.description()).isEqualTo("d");
        assertThat(t.minPackerVersion()).isEqualTo("1.6.0");
        assertThat(t.variables()).containsOnlyKeys("version", "secret");
        assertThat(t.variables().get("version"))
                .isEqualTo(new VariableDeclaration("version", "0.0.1", false, new SourcePosition("t.json", 5, 17)));
        assertThat(t.variables().get("secret"))
                .isEqualTo(new VariableDeclaration("secret", null, true, new SourcePosition("t.json", 5, 37)));
        assertThat(t.sensitiveVariables()).containsExactly("secret");

        assertThat(t.builderNames()).containsExactly("docker", "second");
        BlockNode docker = t.builders().get(0);
        assertThat(docker.kind()).isEqualTo("builder");
        assertThat(docker.type()).isEqualTo("docker");
        assertThat(docker.path()).isEqualTo("builders[0]");
        assertThat(docker.pointer()).isEqualTo(JsonPointer.compile("/builders/0"));
        assertThat(docker.position()).isEqualTo(new SourcePosition("t.json", 8, 5));
        assertThat(docker.config().toString()).isEqualTo("{\"image\":\"alpine\",\"commit\":true}");
        assertThat(t.builders().get(1).name()).isEqualTo("second");
        assertThat(t.builders().get(1).config().toString()).isEqualTo("{\"image\":\"busybox\"}");

        BlockNode first = t.provisioners().get(0);
        assertThat(first.name()).isEqualTo("shell");
        assertThat(first.config().toString()).isEqualTo("{\"inline\":[\"echo hi\"]}");
        assertThat(first.only()).containsExactly("docker");
        assertThat(first.except()).isEmpty();
        assertThat(first.pauseBefore()).isEqualTo("10s");
        assertThat(first.maxRetries()).isEqualTo("3");
        assertThat(first.timeout()).isEqualTo("5m");
        assertThat(first.override()).containsOnlyKeys("docker");
        assertThat(first.forBuild("docker").config().toString()).isEqualTo("{\"inline\":[\"echo over\"]}");
        assertThat(first.forBuild("second")).isSameAs(first);
        assertThat(first.appliesTo("docker")).isTrue();
        assertThat(first.appliesTo("second")).isFalse();
        BlockNode second = t.provisioners().get(1);
        assertThat(second.except()).containsExactly("second");
        assertThat(second.maxRetries()).isEqualTo("{{user `r`}}");
        assertThat(second.pauseBefore()).isNull();
        assertThat(second.override()).isNull();
        assertThat(second.appliesTo("docker")).isTrue();

        assertThat(t.postProcessors()).hasSize(3);
        BlockNode bare = t.postProcessors().get(0).get(0);
        assertThat(bare.type()).isEqualTo("docker-tag");
        assertThat(bare.path()).isEqualTo("post-processors[0]");
        assertThat(bare.config().isEmpty()).isTrue();
        assertThat(bare.position()).isEqualTo(new SourcePosition("t.json", 17, 5));
        BlockNode single = t.postProcessors().get(1).get(0);
        assertThat(single.keepInputArtifact()).isTrue();
        assertThat(single.config().toString()).isEqualTo("{\"repository\":\"r\"}");
        List<BlockNode> sequence = t.postProcessors().get(2);
        assertThat(sequence).extracting(BlockNode::name).containsExactly("tagger", "docker-push");
        assertThat(sequence).extracting(BlockNode::path)
                .containsExactly("post-processors[2][0]", "post-processors[2][1]");
        assertThat(sequence.get(0).only()).containsExactly("docker");
        assertThat(sequence.get(0).keepInputArtifact()).isNull();

        assertThat(t.errorCleanupProvisioner().type()).isEqualTo("shell");
        assertThat(t.errorCleanupProvisioner().path()).isEqualTo("error-cleanup-provisioner");
        assertThat(t.errorCleanupProvisioner().position()).isEqualTo(new SourcePosition("t.json", 21, 3));
    }

    @Test
    void sourceMapPointsAtKeysValuesAndNearestAncestors() {
        Template t = parser.parse(FILE, """
                {
                  "builders": [
                    {
                      "type": "docker",
                      "image":   "alpine"
                    }
                  ]
                }
                """);
        SourceMap map = t.sourceMap();
        assertThat(map.at(JsonPointer.compile(""))).hasToString("t.json:1:1");
        assertThat(map.at(JsonPointer.compile("/builders"))).hasToString("t.json:2:3");
        assertThat(map.valueAt(JsonPointer.compile("/builders"))).hasToString("t.json:2:15");
        assertThat(map.at(JsonPointer.compile("/builders/0"))).hasToString("t.json:3:5");
        assertThat(map.at(JsonPointer.compile("/builders/0/image"))).hasToString("t.json:5:7");
        assertThat(map.valueAt(JsonPointer.compile("/builders/0/image"))).hasToString("t.json:5:18");
        assertThat(map.at(JsonPointer.compile("/builders/0/nothing/here"))).hasToString("t.json:3:5");
        assertThat(map.contains(JsonPointer.compile("/builders/0/nothing"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '^', value = {
        "{\"builders\": [{\"type\": \"docker\",}]}                    => t.json:1:33: malformed JSON: trailing comma before '}'; remove the last ','",
        "{\"builders\": [{\"type\": \"docker\"},]}                    => t.json:1:34: malformed JSON: trailing comma before ']'; remove the last ','",
        "{\"builders\": [{\"type\": \"docker\"} {\"type\": \"x\"}]}     => t.json:1:34: malformed JSON: expected ',' or ']' after a value, found '{'; is a comma missing?",
        "{\"builders\": [] \"variables\": {}}                         => t.json:1:17: malformed JSON: expected ',' or '}' after a value, found '\"'; is a comma missing?",
        "{\"builders\" []}                                            => t.json:1:13: malformed JSON: expected ':' after the key, found '['",
        "{builders: []}                                               => t.json:1:2: malformed JSON: expected a key in double quotes, found 'b'",
        "{'builders': []}                                             => t.json:1:2: malformed JSON: keys must be in double quotes, not single quotes",
        "{\"builders\": tru}                                          => t.json:1:14: malformed JSON: unrecognized value 'tru'; expected a string in double quotes, a number, true, false, null, an object or a list",
        "{\"builders\": [                                             => t.json:1:15: malformed JSON: unexpected end of file; the list opened at line 1, column 14 is not closed (missing ']')",
        "{\"builders\": [}                                            => t.json:1:15: malformed JSON: unexpected '}'; the list opened at line 1, column 14 must be closed with ']' first",
        "{\"description\": \"abc                                      => t.json:1:21: malformed JSON: unexpected end of file inside a string; a closing '\"' is missing",
        "^// comment\n{}^                                                 => t.json:1:1: malformed JSON: comments are not allowed in JSON; use a root key starting with '_' instead",
        "{\"description\": \"a\\qb\"}                                 => t.json:1:20: malformed JSON: invalid escape '\\q' in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
        "{\"min_packer_version\": 01}                                 => t.json:1:25: malformed JSON: numbers must not start with a zero",
        "{} {}                                                        => t.json:1:4: malformed JSON: unexpected content after the end of the document",
        "^   ^                                                        => t.json:1:1: the file is empty; expected a JSON object",
        "[]                                                           => t.json:1:1: a template must be a JSON object, got a list",
    })
    void malformedJsonIsReportedWithLineColumnAndWhatWasExpected(String json, String expected) {
        assertThat(problems(json)).containsExactly(expected);
    }

    @Test
    void reportsEveryStructuralProblemAtOnceInFileOrder() {
        List<String> problems = problems("""
                {
                  "builderz": [],
                  "builders": [
                    {"type": "docker", "name": "a"},
                    {"type": "docker", "name": "a"},
                    {"image": "x"}
                  ],
                  "_c": 1,
                  "provisioners": [
                    {"type": "shell", "only": ["a"], "except": ["b"]},
                    {"type": "shell", "override": {"dockr": {}}},
                    {"inline": ["x"]},
                    {"type": "shell", "max_retries": true, "pause_before": 10}
                  ],
                  "post-processors": [[["docker-tag"]], {"type": "docker-tag", "only": ["zzz"]}],
                  "variables": {"n": 1},
                  "push": {"type": "x", "type": "y"}
                }
                """);
        assertThat(problems).containsExactly(
                "t.json:2:3: unknown key 'builderz'; did you mean 'builders'?",
                "t.json:5:24: builders[1]: builder with name 'a' already exists; give each builder a unique \"name\"",
                "t.json:6:5: builders[2]: missing 'type'",
                "t.json:8:3: comment '_c' must be a string, got number 1",
                "t.json:10:38: provisioners[0]: only one of 'only' or 'except' may be specified",
                "t.json:10:49: provisioners[0]: 'except' names unknown builder 'b'; the builders are 'a'",
                "t.json:11:36: provisioners[1]: 'override' names unknown builder 'dockr'; the builders are 'a'",
                "t.json:12:5: provisioners[2]: missing 'type'",
                "t.json:13:23: provisioners[3]: 'max_retries' must be a whole number, got true",
                "t.json:13:44: provisioners[3]: 'pause_before' must be a duration like \"30s\" or \"1m30s\", got number 10",
                "t.json:15:24: post-processors[0][0]: sequence not allowed to be nested in a sequence",
                "t.json:15:73: post-processors[1]: 'only' names unknown builder 'zzz'; the builders are 'a'",
                "t.json:16:17: variables.n: the default value must be a string, or null for a required variable, "
                        + "got number 1; write it in quotes: \"1\"",
                "t.json:17:25: push: duplicate key 'type'");
    }

    @Test
    void suggestsBuilderNamesForTypos() {
        assertThat(problems("""
                {"builders": [{"type": "docker"}],
                 "provisioners": [{"type": "shell", "only": "dockr", "override": {"dokcer": {}}}]}
                """)).containsExactly(
                "t.json:2:37: provisioners[0]: 'only' names unknown builder 'dockr'; did you mean 'docker'?",
                "t.json:2:67: provisioners[0]: 'override' names unknown builder 'dokcer'; did you mean 'docker'?");
    }

    @Test
    void reportsWrongTypesForRuntimeOwnedKeys() {
        assertThat(problems("""
                {"builders": [{"type": 5}, {"type": "docker", "name": true}, "docker"],
                 "provisioners": {"type": "shell"},
                 "post-processors": [{"type": "docker-tag", "keep_input_artifact": "yes", "only": 3}, 7,
                                     {"name": "x"}, [1]],
                 "sensitive-variables": "secret",
                 "description": 1,
                 "error-cleanup-provisioner": {"type": "shell", "override": [], "timeout": {}}}
                """)).containsExactly(
                "t.json:1:16: builders[0]: 'type' must be a string, got number 5",
                "t.json:1:47: builders[1]: 'name' must be a string, got true",
                "t.json:1:62: builders[2]: a builder must be an object, got \"docker\"",
                "t.json:2:2: provisioners: must be a list of provisioner objects, got an object",
                "t.json:3:45: post-processors[0]: 'keep_input_artifact' must be true or false, got \"yes\"",
                "t.json:3:75: post-processors[0]: 'only' must be a list of builder names, got number 3",
                "t.json:3:87: post-processors[1]: a post-processor must be an object, a type name or a list "
                        + "(a sequence), got number 7",
                "t.json:4:22: post-processors[2]: missing 'type'",
                "t.json:4:38: post-processors[3][0]: a post-processor must be an object or a type name, got number 1",
                "t.json:5:2: sensitive-variables: must be a list of variable names, got \"secret\"",
                "t.json:6:2: 'description' must be a string, got number 1",
                "t.json:7:49: error-cleanup-provisioner: 'override' must be an object mapping builder names to "
                        + "settings, got a list",
                "t.json:7:65: error-cleanup-provisioner: 'timeout' must be a duration like \"30s\" or \"1m30s\", "
                        + "got an object");
    }

    @Test
    void requiresAtLeastOneBuilder() {
        assertThat(problems("{\"description\": \"x\"}"))
                .containsExactly("t.json:1:1: at least one builder must be defined; add a \"builders\" list");
        assertThat(problems("{\"builders\": []}"))
                .containsExactly("t.json:1:2: builders: at least one builder must be defined");
    }

    @Test
    void duplicateKeysAreReportedAnywhereAndTheFirstValueKept() {
        assertThat(problems("""
                {"builders": [{"type": "docker", "image": "a", "image": "b"}],
                 "builders": []}
                """)).containsExactly(
                "t.json:1:48: builders[0]: duplicate key 'image'",
                "t.json:2:2: duplicate key 'builders'");
    }

    @Test
    void unknownRootKeyWithoutACloseMatchListsTheKnownKeys() {
        assertThat(problems("{\"builders\": [{\"type\": \"docker\"}], \"zzz\": 1}")).containsExactly(
                "t.json:1:36: unknown key 'zzz'; a template has 'builders', 'provisioners', 'post-processors', "
                        + "'variables', 'sensitive-variables', 'description', 'min_packer_version', "
                        + "'error-cleanup-provisioner', 'push', and comments in keys starting with '_'");
    }

    @Test
    void theExceptionMessageHasOneProblemPerLine() {
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> parser.parse(FILE, "{\"builders\": [{}, {}]}"));
        assertThat(e.getMessage()).isEqualTo(
                "t.json:1:15: builders[0]: missing 'type'\nt.json:1:19: builders[1]: missing 'type'");
        assertThat(e).isInstanceOf(dev.kiln.api.ConfigException.class);
    }

    @Test
    void readsFilesAndReportsMissingOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.json");
        Files.writeString(file, "\uFEFF{\"builders\": [{\"type\": \"docker\"}]}");
        assertThat(parser.parse(file).builders().get(0).position())
                .isEqualTo(new SourcePosition(file.toString(), 1, 15));
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> parser.parse(missing))
                .isInstanceOf(TemplateException.class)
                .hasMessage(missing + ": template file not found");
    }

    @Test
    void problemAndPositionFormatting() {
        SourcePosition at = new SourcePosition("t.json", 3, 7);
        assertThat(new TemplateProblem(at, "builders[0].imgae", "x")).hasToString("t.json:3:7: builders[0].imgae: x");
        assertThat(new TemplateProblem(at, "", "x")).hasToString("t.json:3:7: x");
        assertThat(SourcePosition.of("vars.json")).hasToString("vars.json");
    }
}
