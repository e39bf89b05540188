package dev.kiln.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.build.PreparedBuild;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.log.LogMasking;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilnSessionTest {

    @TempDir Path dir;
    private URLClassLoader components;
    private final AtomicLong seconds = new AtomicLong(1_700_000_000L);
    private KilnSession session;

    @BeforeEach
    void open() throws Exception {
        Path services = dir.resolve("classes/META-INF/services/dev.kiln.api.Builder");
        Files.createDirectories(services.getParent());
        Files.writeString(services, WaitingBuilder.class.getName() + "\n");
        components = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader());
        Clock ticking = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochSecond(seconds.getAndAdd(60)); }
        };
        session = KilnSession.open(new KilnSession.Options(Map.of(), dir, null, null, List.of(), components,
                ticking));
        WaitingBuilder.RELEASE.drainPermits();
        WaitingBuilder.CONNECTIONS.clear();
        WaitingBuilder.started = new CountDownLatch(1);
    }

    @AfterEach
    void close() throws Exception {
        WaitingBuilder.RELEASE.release(100);
        session.close();
        components.close();
    }

    private Path template(String json) throws Exception {
        return Files.writeString(dir.resolve("t.json"), json);
    }

    @Test
    void everyProblemOfATemplateComesBackWithItsPosition() throws Exception {
        template("{\"builders\": [{\"type\": \"session-test\", \"nmae\": \"x\"}, {\"type\": \"nope\"}]}");

        Validation validation = session.validate(TemplateRequest.of(Path.of("t.json")));

        assertThat(validation.ok()).isFalse();
        assertThat(validation.problems()).extracting(Object::toString).hasSize(2)
                .allSatisfy(p -> assertThat(p).startsWith(dir.resolve("t.json") + ":1:"));
    }

    @Test
    void theSensitiveValuesOfALoadedTemplateAreMaskedInTheLogUntilTheSessionCloses() throws Exception {
        String secret = "session-secret-" + System.nanoTime();
        template("{\"variables\": {\"pw\": \"" + secret + "\", \"plain\": \"p-" + secret + "\"},"
                + " \"sensitive-variables\": [\"pw\"], \"builders\": [{\"type\": \"session-test\"}]}");

        session.validate(TemplateRequest.of(Path.of("t.json")));

        assertThat(LogMasking.values()).contains(secret).doesNotContain("p-" + secret);
        session.close();
        assertThat(LogMasking.values()).doesNotContain(secret);
    }

    @Test
    void aFileThatIsNotJsonIsAProblemNotAnException() throws Exception {
        template("source \"docker\" \"x\" {}");

        Validation validation = session.validate(TemplateRequest.of(Path.of("t.json")));

        assertThat(validation.ok()).isFalse();
        assertThat(validation.model()).isNull();
        assertThat(validation.problems()).singleElement().asString().contains("1:1");
    }

    @Test
    void eachRequestReadsTheClockSoALongSessionGetsANewTimestampPerBuild() throws Exception {
        template("{\"variables\": {\"tag\": \"b-{{timestamp}}\"}, \"builders\": [{\"type\": \"session-test\"}]}");

        String first = session.validate(TemplateRequest.of(Path.of("t.json"))).model().variableValues().get("tag");
        String second = session.validate(TemplateRequest.of(Path.of("t.json"))).model().variableValues().get("tag");

        assertThat(first).isEqualTo("b-1700000000");
        assertThat(second).isEqualTo("b-1700000060");
    }

    @Test
    void aStartedRunCanBeCancelledFromAnotherThreadAndReloadWaitsForIt() throws Exception {
        template("{\"builders\": [{\"type\": \"session-test\"}]}");
        Validation validation = session.validate(TemplateRequest.of(Path.of("t.json")));
        assertThat(validation.plan().builds()).extracting(PreparedBuild::name).containsExactly("session-test");

        BuildHandle handle = session.start(validation, new BuildOptions(null, 0, null), new EventBus());
        assertThat(WaitingBuilder.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(session::reload).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a build is running");
        handle.cancel();
        BuildHandle.Result result = handle.await();

        assertThat(result.cancelled()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(session.reload().registry().types(dev.kiln.runtime.discovery.ComponentKind.BUILDER))
                .contains("session-test");
    }

    @Test
    void theSameSessionRunsOneBuildAfterAnother() throws Exception {
        template("{\"builders\": [{\"type\": \"session-test\"}]}");
        for (int i = 0; i < 3; i++) {
            WaitingBuilder.RELEASE.release();
            BuildHandle.Result result = session.start(session.validate(TemplateRequest.of(Path.of("t.json"))),
                    new BuildOptions(null, 0, null), new EventBus()).await();
            assertThat(result.succeeded()).isTrue();
            assertThat(result.builds().get(0).artifacts()).singleElement()
                    .satisfies(a -> assertThat(a.id()).isEqualTo("made-by-session-test"));
        }
    }

    @Test
    void sessionResourcesServeEveryBuildUntilThePluginsAreReloadedOrTheSessionCloses() throws Exception {
        template("{\"builders\": [{\"type\": \"session-test\"}]}");
        WaitingBuilder.RELEASE.release(3);
        for (int i = 0; i < 2; i++) {
            session.start(session.validate(TemplateRequest.of(Path.of("t.json"))), new BuildOptions(null, 0, null),
                    new EventBus()).await();
        }
        List<WaitingBuilder.Connection> before = List.copyOf(WaitingBuilder.CONNECTIONS);
        assertThat(before).hasSize(2);
        assertThat(before.get(1)).isSameAs(before.get(0));
        assertThat(before.get(0).closed).as("still open between builds").isFalse();

        session.reload();
        assertThat(before.get(0).closed).as("closed before the plugins that made it are unloaded").isTrue();
        session.start(session.validate(TemplateRequest.of(Path.of("t.json"))), new BuildOptions(null, 0, null),
                new EventBus()).await();
        WaitingBuilder.Connection after = WaitingBuilder.CONNECTIONS.get(2);
        assertThat(after).isNotSameAs(before.get(0));

        session.close();
        assertThat(after.closed).isTrue();
    }

    @Test
    void aTemplateWithProblemsDoesNotStart() throws Exception {
        template("{\"builders\": [{\"type\": \"nope\"}]}");
        Validation validation = session.validate(TemplateRequest.of(Path.of("t.json")));

        assertThatThrownBy(() -> session.start(validation, new BuildOptions(null, 0, null), new EventBus()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTheSessionCancelsWhatRunsAndWaitsForIt() throws Exception {
        template("{\"builders\": [{\"type\": \"session-test\"}]}");
        BuildHandle handle = session.start(session.validate(TemplateRequest.of(Path.of("t.json"))),
                new BuildOptions(null, 0, null), new EventBus());
        assertThat(WaitingBuilder.started.await(10, TimeUnit.SECONDS)).isTrue();

        session.close();

        assertThat(handle.done()).isTrue();
        assertThat(handle.await().cancelled()).isTrue();
        assertThatThrownBy(session::plugins).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anHcl2TemplateIsValidatedThroughTheSeam() throws Exception {
        Files.writeString(dir.resolve("ok.pkr.hcl"), """
                variable "n" { default = "x" }
                source "session-test" "x" {}
                build { sources = ["source.session-test.x"] }
                """);

        Validation validation = session.validate(TemplateRequest.of(Path.of("ok.pkr.hcl")));

        assertThat(validation.problems()).isEmpty();
        assertThat(validation.ok()).isTrue();
        assertThat(validation.model().format()).isEqualTo("HCL2");
        assertThat(validation.model().buildNames()).containsExactly("session-test.x");
        assertThat(session.read(Path.of("ok.pkr.hcl")).variableValues()).containsEntry("n", "x");
    }

    @Test
    void everyProblemOfAnHcl2TemplateComesBackWithItsPosition() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.pkr.hcl"), """
                source "session-test" "x" {
                  nmae = var.nope
                }
                source "nope" "y" {}
                build { sources = ["source.session-test.x", "source.nope.y"] }
                """);

        Validation validation = session.validate(TemplateRequest.of(Path.of("bad.pkr.hcl")));

        assertThat(validation.ok()).isFalse();
        assertThat(validation.problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).startsWith(file + ":2:13: ").contains("Unsupported attribute"))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":4:1: "));
        Path pkrJson = Files.writeString(dir.resolve("docker.pkr.json"), "{\"build\": }");
        assertThatThrownBy(() -> session.read(Path.of("docker.pkr.json")))
                .hasMessageStartingWith(pkrJson + ":1:11: Missing JSON value: A JSON value must start with a brace");
    }

    @Test
    void readGivesTheNeutralModelWithoutLoadingPlugins() throws Exception {
        template("{\"variables\": {\"must\": null}, \"builders\": [{\"type\": \"not-installed\"}]}");

        var model = session.read(Path.of("t.json"));

        assertThat(model.format()).isEqualTo("JSON");
        assertThat(model.buildNames()).containsExactly("not-installed");
        assertThat(model.problems()).extracting(Object::toString).singleElement().asString()
                .endsWith("variables.must: required variable not set: must");
    }
}
