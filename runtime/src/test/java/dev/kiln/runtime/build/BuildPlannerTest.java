package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import dev.kiln.api.Communicator;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import dev.kiln.runtime.build.BuildPlanner.Plan;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.Interpolation;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.json.LoadedTemplate;
import dev.kiln.runtime.frontend.json.Template;
import dev.kiln.runtime.frontend.json.TemplateParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildPlannerTest {

    record ImageConfig(String image) {
    }

    record EchoConfig(String text) {
    }

    static final class ImageBuilder implements Builder<ImageConfig> {
        @Override public String type() { return "img"; }
        @Override public Class<ImageConfig> configType() { return ImageConfig.class; }
        @Override public List<String> validate(ImageConfig c) {
            if (c.image() == null) {
                return List.of("image: name the base image");
            }
            return c.image().contains(" ") ? List.of("image '" + c.image() + "' has a space") : List.of();
        }
        @Override public Artifact build(BuildContext context, ImageConfig config) { throw new AssertionError(); }
    }

    static final class Echo implements Provisioner<EchoConfig> {
        @Override public String type() { return "echo"; }
        @Override public Class<EchoConfig> configType() { return EchoConfig.class; }
        @Override public void provision(ProvisionContext c, Communicator m, EchoConfig config) { }
    }

    static final class Tag implements PostProcessor<EchoConfig> {
        private final String type;
        Tag(String type) { this.type = type; }
        @Override public String type() { return type; }
        @Override public Class<EchoConfig> configType() { return EchoConfig.class; }
        @Override public PostProcessResult process(PostProcessContext c, Artifact a, EchoConfig config) {
            return new PostProcessResult(a, true, false);
        }
    }

    /** Accepts Packer's SSH options and a legacy key, and ignores them. */
    static final class LenientBuilder implements Builder<ImageConfig> {
        @Override public String type() { return "lenient"; }
        @Override public Class<ImageConfig> configType() { return ImageConfig.class; }
        @Override public Map<String, String> ignoredOptions() {
            return Map.of("ssh_*", "there is no SSH here", "legacy", "it does nothing");
        }
        @Override public Artifact build(BuildContext context, ImageConfig config) { throw new AssertionError(); }
    }

    record ListConfig(String image, List<String> changes, Boolean old) {
    }

    /** Names the option of each finding and warns about a deprecated one. */
    static final class CheckingBuilder implements Builder<ListConfig> {
        @Override public String type() { return "checking"; }
        @Override public Class<ListConfig> configType() { return ListConfig.class; }
        @Override public List<ConfigProblem> check(ListConfig c) {
            List<ConfigProblem> found = new java.util.ArrayList<>();
            if (c.old() != null) {
                found.add(ConfigProblem.warning("old", "is deprecated; drop it"));
            }
            for (int i = 0; c.changes() != null && i < c.changes().size(); i++) {
                if (c.changes().get(i).startsWith("RUN")) {
                    found.add(ConfigProblem.error("changes[" + i + "]", "RUN is not allowed in changes"));
                }
            }
            return found;
        }
        @Override public Artifact build(BuildContext context, ListConfig config) { throw new AssertionError(); }
    }

    private final BuildPlanner planner = new BuildPlanner(ComponentRegistry.of(List.of(new ImageBuilder(),
            new LenientBuilder(), new CheckingBuilder(), new Echo(), new Tag("tag"), new Tag("save"))),
            new ConfigBinder());

    @Test
    void checkFindingsArePlacedAtTheirOptionAndWarningsDoNotStopTheBuild() {
        Plan failing = plan("""
                {
                  "builders": [ { "type": "checking", "image": "a", "old": true,
                                  "changes": ["ENV A=1",
                                              "RUN make"] } ]
                }""", List.of(), List.of());
        Plan passing = plan("""
                { "builders": [ { "type": "checking", "image": "a", "old": true } ] }""", List.of(), List.of());

        assertThat(messages(failing)).containsExactly(
                "t.json:4:31: builders[0].changes[1]: RUN is not allowed in changes");
        assertThat(failing.warnings()).extracting(TemplateProblem::toString).containsExactly(
                "t.json:2:53: builders[0].old: is deprecated; drop it");
        assertThat(passing.problems()).isEmpty();
        assertThat(passing.builds()).singleElement().satisfies(build -> assertThat(build.warnings())
                .extracting(TemplateProblem::message).containsExactly("is deprecated; drop it"));
    }

    @Test
    void theDefaultCheckTurnsValidateMessagesIntoErrorsAtTheBlock() {
        Plan plan = plan("""
                { "builders": [ { "type": "img" } ] }""", List.of(), List.of());

        assertThat(messages(plan)).containsExactly("t.json:1:17: builders[0]: image: name the base image");
    }

    @Test
    void ignoredOptionsAreAcceptedWithOneWarningPerReasonAtTheFirstKey() {
        Plan plan = plan("""
                {
                  "builders": [ { "type": "lenient", "image": "a",
                                  "ssh_username": "root", "legacy": true,
                                  "ssh_password": "{{user `who`}}" } ]
                }""", List.of(), List.of());

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.builds()).singleElement().satisfies(build -> {
            assertThat(build.config()).isEqualTo(new ImageConfig("a"));
            assertThat(build.warnings()).extracting(w -> w.path() + ": " + w.message()).containsExactly(
                    "builders[0]: options ssh_username, ssh_password are ignored: there is no SSH here",
                    "builders[0]: option legacy is ignored: it does nothing");
        });
        assertThat(plan.warnings()).extracting(TemplateProblem::toString).containsExactly(
                "t.json:3:19: builders[0]: options ssh_username, ssh_password are ignored: there is no SSH here",
                "t.json:3:43: builders[0]: option legacy is ignored: it does nothing");
        assertThat(plan.warningsOutsideBuilds()).as("the build itself says them when it starts").isEmpty();
    }

    @Test
    void aDeselectedBuildWhoseBuilderIsNotInstalledIsSkippedWithAWarning() {
        String template = """
                { "builders": [ { "type": "img", "image": "a" },
                                { "type": "virtualbox-iso", "name": "vbox", "iso_url": "x.iso" } ] }""";

        Plan only = plan(template, List.of("img"), List.of());
        Plan except = plan(template, List.of(), List.of("vbox"));
        Plan all = plan(template, List.of(), List.of());

        for (Plan plan : List.of(only, except)) {
            assertThat(plan.problems()).isEmpty();
            assertThat(plan.builds()).extracting(PreparedBuild::name).containsExactly("img");
            assertThat(plan.warnings()).extracting(TemplateProblem::toString).containsExactly("t.json:2:17: "
                    + "builders[1]: builder type 'virtualbox-iso' is not installed; build 'vbox' is not selected "
                    + "(-only/-except), so it is skipped");
            assertThat(plan.warningsOutsideBuilds()).isEqualTo(plan.warnings());
        }
        assertThat(messages(all)).singleElement().asString().contains("unknown builder type 'virtualbox-iso'");
    }

    @Test
    void aComponentWithoutIgnoredOptionsStillRejectsThoseKeys() {
        Plan plan = plan("""
                { "builders": [ { "type": "img", "image": "a", "ssh_username": "root" } ] }""", List.of(), List.of());

        assertThat(messages(plan)).singleElement().asString().contains("unknown option 'ssh_username'");
        assertThat(plan.warnings()).isEmpty();
    }

    private static LoadedTemplate load(String json, Map<String, String> variables) {
        Template template = new TemplateParser().parse(Path.of("t.json"), json);
        return new LoadedTemplate(template, variables, Set.of(), Map.of(), Path.of("."), Instant.EPOCH, "0.1.0");
    }

    private Plan plan(String json, List<String> only, List<String> except) {
        return planner.plan(load(json, Map.of("who", "world")).model(), only, except);
    }

    private static List<String> messages(Plan plan) {
        return plan.problems().stream().map(TemplateProblem::toString).toList();
    }

    @Test
    void bindsRendersAndSelectsEverythingThatAppliesToEachBuild() {
        Plan plan = plan("""
                {
                  "builders": [ { "type": "img", "image": "a" }, { "type": "img", "name": "second", "image": "b" } ],
                  "provisioners": [
                    { "type": "echo", "text": "hello {{user `who`}} from {{build_name}}" },
                    { "type": "echo", "text": "only second", "only": ["second"], "pause_before": "1m30s",
                      "timeout": "5s", "max_retries": "2" },
                    { "type": "echo", "text": "base", "override": { "second": { "text": "overridden" } } }
                  ],
                  "post-processors": [ "tag", [ { "type": "tag", "text": "t" }, { "type": "save", "except": ["img"] } ] ]
                }
                """, List.of(), List.of());

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.builds()).extracting(PreparedBuild::name).containsExactly("img", "second");
        PreparedBuild first = plan.builds().get(0);
        assertThat(first.provisioners()).extracting(p -> p.config()).containsExactly(
                new EchoConfig("hello world from img"), new EchoConfig("base"));
        assertThat(first.postProcessors()).extracting(List::size).containsExactly(1, 1);
        PreparedBuild second = plan.builds().get(1);
        assertThat(second.provisioners()).extracting(p -> p.config()).containsExactly(
                new EchoConfig("hello world from second"), new EchoConfig("only second"),
                new EchoConfig("overridden"));
        PreparedComponent timed = second.provisioners().get(1);
        assertThat(timed.pauseBefore()).isEqualTo(Duration.ofSeconds(90));
        assertThat(timed.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timed.maxRetries()).isEqualTo(2);
        assertThat(second.postProcessors()).extracting(List::size).containsExactly(1, 2);
    }

    @Test
    void onlyAndExceptSelectBuildsByName() {
        String json = """
                { "builders": [ { "type": "img", "image": "a" }, { "type": "img", "name": "second", "image": "b" } ] }
                """;

        assertThat(plan(json, List.of("second"), List.of()).builds()).extracting(PreparedBuild::name)
                .containsExactly("second");
        assertThat(plan(json, List.of(), List.of("second")).builds()).extracting(PreparedBuild::name)
                .containsExactly("img");
    }

    @Test
    void exceptOnAPostProcessorDropsItAndTheRestOfItsSequence() {
        Plan plan = plan("""
                {
                  "builders": [ { "type": "img", "image": "a" } ],
                  "post-processors": [ [ { "type": "tag", "name": "first" }, { "type": "save" } ], "save" ]
                }
                """, List.of(), List.of("first"));

        assertThat(plan.builds().get(0).postProcessors()).singleElement()
                .satisfies(sequence -> assertThat(sequence).extracting(PreparedComponent::type)
                        .containsExactly("save"));
    }

    @Test
    void everyProblemOfEveryComponentIsReportedTogether() {
        Plan plan = plan("""
                {
                  "builders": [ { "type": "img", "imag": "a" } ],
                  "provisioners": [ { "type": "ecko" }, { "type": "echo", "timeout": "soon", "max_retries": "x" } ],
                  "post-processors": [ { "type": "tagg" } ]
                }
                """, List.of(), List.of());

        assertThat(plan.builds()).isEmpty();
        assertThat(messages(plan)).containsExactly(
                "t.json:2:34: builders[0]: unknown option 'imag' for builder 'img'; did you mean 'image'?",
                "t.json:3:21: provisioners[0]: unknown provisioner type 'ecko'; did you mean 'echo'? "
                        + "Known provisioners: echo.",
                "t.json:3:59: provisioners[1].timeout: timeout: 'soon' is not a duration; write it like '30s', "
                        + "'5m' or '1h30m'.",
                "t.json:3:78: provisioners[1].max_retries: max_retries: 'x' is not a whole number",
                "t.json:4:24: post-processors[0]: unknown post-processor type 'tagg'; did you mean 'tag'? "
                        + "Known post-processors: save, tag.");
    }

    @Test
    void aLargeValueCopiedIntoManyOptionsStopsWithOneProblemAtKilnsLimit() {
        StringBuilder provisioners = new StringBuilder();
        for (int i = 0; i < 20; i++) {          // 20 copies of 4 MiB: more than 64 MiB
            provisioners.append(i == 0 ? "" : ",\n").append("    { \"type\": \"echo\", \"text\": \"{{user `big`}}\" }");
        }
        Template template = new TemplateParser().parse(Path.of("t.json"), "{\n  \"builders\": [ { \"type\": \"img\", "
                + "\"image\": \"a\" } ],\n  \"provisioners\": [\n" + provisioners + "\n  ]\n}");
        LoadedTemplate loaded = new LoadedTemplate(template, Map.of("big", "b".repeat(4 << 20)), Set.of(), Map.of(),
                Path.of("."), Instant.EPOCH, "0.1.0");

        assertThat(messages(planner.plan(loaded.model(), List.of(), List.of()))).containsExactly("t.json:19:23: "
                + "provisioners[15]: option 'text': the options rendered for this template would be more than 64 MiB "
                + "(67,108,864 characters) together, Kiln's limit");
    }

    @Test
    void problemsMaskSensitiveValues() {
        Template template = new TemplateParser().parse(Path.of("t.json"), """
                { "builders": [ { "type": "img", "image": "{{user `token`}}" } ] }
                """);
        LoadedTemplate loaded = new LoadedTemplate(template, Map.of("token", "top secret"), Set.of("top secret"),
                Map.of(), Path.of("."), Instant.EPOCH, "0.1.0");

        assertThat(messages(planner.plan(loaded.model(), List.of(), List.of())))
                .containsExactly("t.json:1:17: builders[0]: image '<sensitive>' has a space");
    }

    @Test
    void aMissingVariableIsReportedWithEveryOtherProblemAndWhatUsesItIsNotChecked() {
        Template template = new TemplateParser().parse(Path.of("t.json"), """
                {
                  "variables": { "base": null },
                  "builders": [ { "type": "img", "image": "{{user `base`}}" }, { "type": "img", "name": "b" } ],
                  "provisioners": [ { "type": "ecko" }, { "type": "echo", "timeout": "{{user `base`}}" } ]
                }
                """);
        TemplateProblem missing = new TemplateProblem(template.variables().get("base").position(), "variables.base",
                "required variable not set: base");
        LoadedTemplate loaded = new LoadedTemplate(template, Map.of(), Set.of(), Map.of(), Path.of("."),
                Instant.EPOCH, "0.1.0", Set.of("base"), List.of(missing));

        Plan plan = planner.plan(loaded.model(), List.of(), List.of());

        assertThat(plan.builds()).isEmpty();
        assertThat(messages(plan)).containsExactly(
                "t.json:2:18: variables.base: required variable not set: base",
                "t.json:4:21: provisioners[0]: unknown provisioner type 'ecko'; did you mean 'echo'? "
                        + "Known provisioners: echo.",
                "t.json:3:64: builders[1]: image: name the base image");
    }

    @Test
    void anUnknownValueDoesNotHideAMisspeltOption() {
        Template template = new TemplateParser().parse(Path.of("t.json"), """
                { "builders": [ { "type": "img", "imgae": "{{user `base`}}" } ] }
                """);
        LoadedTemplate loaded = new LoadedTemplate(template, Map.of(), Set.of(), Map.of(), Path.of("."),
                Instant.EPOCH, "0.1.0", Set.of("base"), List.of());

        assertThat(messages(planner.plan(loaded.model(), List.of(), List.of()))).containsExactly(
                "t.json:1:34: builders[0]: unknown option 'imgae' for builder 'img'; did you mean 'image'?");
    }

    @Test
    void validationProblemsNameTheBlock() {
        Plan plan = plan("""
                { "builders": [ { "type": "img" } ] }
                """, List.of(), List.of());

        assertThat(messages(plan)).containsExactly("t.json:1:17: builders[0]: image: name the base image");
    }

    @Test
    void minPackerVersionAboveWhatKilnImplementsIsAProblem() {
        String json = """
                { "min_packer_version": "VERSION", "builders": [ { "type": "img", "image": "a" } ] }
                """;

        assertThat(plan(json.replace("VERSION", "1.5.0"), List.of(), List.of()).problems()).isEmpty();
        assertThat(messages(plan(json.replace("VERSION", "1.7.0"), List.of(), List.of()))).singleElement()
                .asString().contains("min_packer_version", "requires Packer version 1.7.0 or higher");
        assertThat(messages(plan(json.replace("VERSION", "one"), List.of(), List.of()))).singleElement()
                .asString().contains("'one' is not a version");
    }

    // ---- a model from any front end ----------------------------------------------------------------------------

    /** A front end's resolver as HCL2's will be: trees given per component name, every key at line 7 of x.pkr.hcl. */
    static final class FakeResolver implements ConfigResolver {
        final Map<String, String> trees;
        final List<String> resolved = new java.util.ArrayList<>();

        FakeResolver(Map<String, String> trees) {
            this.trees = trees;
        }

        @Override
        public ResolvedConfig resolve(ComponentSpec component, BuildSpec build) {
            resolved.add(build.name() + "/" + component.name());
            try {
                ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(trees.get(component.name()));
                return new ResolvedConfig(component, tree,
                        pointer -> new SourcePosition("x.pkr.hcl", 7, pointer.toString().length() + 1), Set.of(),
                        List.of());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public RuntimeSettings settings(ComponentSpec component, BuildSpec build, List<TemplateProblem> problems) {
            return new RuntimeSettings(Duration.ofSeconds(3), Duration.ofMinutes(1), 2);
        }

        @Override
        public Interpolation interpolation(BuildSpec build) {
            return (text, data) -> build.name() + ":" + text;
        }
    }

    private static ComponentSpec spec(String kind, String type, String name, String path, List<String> only) {
        return new ComponentSpec(kind, type, name, path, new SourcePosition("x.pkr.hcl", 3, 1), only, List.of(), null,
                ComponentConfig.empty(new SourcePosition("x.pkr.hcl", 3, 1)));
    }

    private static BuildModel model(FakeResolver resolver, int[] resolvers) {
        ComponentSpec echo = spec(ComponentSpec.PROVISIONER, "echo", "echo", "build.provisioner[0]", List.of());
        ComponentSpec onlyB = spec(ComponentSpec.PROVISIONER, "echo", "only-b", "build.provisioner[1]",
                List.of("img.b"));
        ComponentSpec tag = spec(ComponentSpec.POST_PROCESSOR, "tag", "tag", "build.post-processor[0]", List.of());
        List<BuildSpec> builds = List.of(
                new BuildSpec("img.a", spec(ComponentSpec.BUILDER, "img", "a", "source.img.a", List.of()),
                        List.of(echo, onlyB), null, List.of(List.of(tag))),
                new BuildSpec("img.b", spec(ComponentSpec.BUILDER, "img", "b", "source.img.b", List.of()),
                        List.of(echo, onlyB), null, List.of(), "b"));
        return new BuildModel("HCL2", Path.of("x.pkr.hcl"), List.of(Path.of("x.pkr.hcl")), List.of(), Path.of("."),
                null, List.of(), Set.of(), Map.of(), Set.of(), builds, List.of(), () -> {
                    resolvers[0]++;
                    return resolver;
                });
    }

    @Test
    void aModelFromAnyFrontEndIsPlannedThroughItsResolver() {
        FakeResolver resolver = new FakeResolver(Map.of("a", "{\"image\": \"alpine\"}", "b", "{\"image\": \"busybox\"}",
                "echo", "{\"text\": \"hi\"}", "only-b", "{\"text\": \"b only\"}", "tag", "{\"text\": \"t\"}"));
        int[] resolvers = {0};

        Plan plan = planner.plan(model(resolver, resolvers), List.of(), List.of());

        assertThat(plan.problems()).isEmpty();
        assertThat(resolvers[0]).as("one resolver per plan").isEqualTo(1);
        assertThat(resolver.resolved).containsExactly("img.a/a", "img.a/echo", "img.a/tag", "img.b/b", "img.b/echo",
                "img.b/only-b");
        assertThat(plan.builds()).extracting(PreparedBuild::name).containsExactly("img.a", "img.b");
        assertThat(plan.builds()).as("what components see as the build's name")
                .extracting(PreparedBuild::componentName).containsExactly("img.a", "b");
        PreparedBuild a = plan.builds().get(0);
        assertThat(a.config()).isEqualTo(new ImageConfig("alpine"));
        assertThat(a.provisioners()).singleElement().satisfies(p -> {
            assertThat(p.config()).isEqualTo(new EchoConfig("hi"));
            assertThat(p.pauseBefore()).isEqualTo(Duration.ofSeconds(3));
            assertThat(p.timeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.maxRetries()).isEqualTo(2);
        });
        assertThat(a.postProcessors()).singleElement().satisfies(chain -> assertThat(chain)
                .extracting(PreparedComponent::config).containsExactly(new EchoConfig("t")));
        assertThat(a.interpolation().render("{{.Path}}", Map.of())).isEqualTo("img.a:{{.Path}}");
        assertThat(plan.builds().get(1).provisioners()).extracting(PreparedComponent::config)
                .containsExactly(new EchoConfig("hi"), new EchoConfig("b only"));
    }

    @Test
    void bindingProblemsOfAnyFrontEndAreReportedAtItsPositions() {
        FakeResolver resolver = new FakeResolver(Map.of("a", "{\"imag\": \"alpine\"}", "b", "{\"image\": \"a b\"}",
                "echo", "{\"text\": []}", "only-b", "{}", "tag", "{}"));

        Plan plan = planner.plan(model(resolver, new int[1]), List.of(), List.of());

        assertThat(plan.builds()).isEmpty();
        assertThat(messages(plan)).containsExactly(
                "x.pkr.hcl:7:6: source.img.a: unknown option 'imag' for builder 'img'; did you mean 'image'?",
                "x.pkr.hcl:7:6: build.provisioner[0]: option 'text' must be a string, got a list",
                "x.pkr.hcl:3:1: source.img.b: image 'a b' has a space");
    }
}
