package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.ComponentContext;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.FakeContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One engine client per engine per session, closed when the session ends. */
@Tag("docker")
class DockerEnginesIT {

    static TestEngine engine;

    @BeforeAll
    static void engine() {
        engine = TestEngine.connect();
    }

    @AfterAll
    static void clean() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyBuildOfASessionSharesOneClientUntilTheSessionEnds() throws Exception {
        FakeContext build = new FakeContext();
        DockerDriver builder = DockerEngines.forBuild(build, null);
        DockerDriver postProcessor = DockerEngines.forBuild(build, null);
        // the template's docker_host naming the engine the environment names: still the same engine
        DockerDriver named = DockerEngines.forBuild(build, builder.host());
        assertThat(postProcessor).isSameAs(builder);
        assertThat(named).isSameAs(builder);
        assertThat(build.sessionResourceKeys()).filteredOn(key -> key.contains(":client:")).hasSize(1);

        builder.close(); // a component closing its driver leaves it to the others
        postProcessor.ping();

        build.endBuild();
        FakeContext rebuild = build.nextBuild(); // the next build in the same shell: no new connection
        DockerDriver again = DockerEngines.forBuild(rebuild, null);
        assertThat(again).isSameAs(builder);
        again.ping();
        rebuild.endBuild();
        again.ping();

        FakeContext otherSession = new FakeContext();
        DockerDriver other = DockerEngines.forBuild(otherSession, null);
        assertThat(other).isNotSameAs(builder);

        build.endSession();
        assertThatThrownBy(builder::ping).as("closed at the end of its session").isInstanceOf(RuntimeException.class);
        other.ping();
        otherSession.endSession();
    }

    @Test
    void aContextWithoutResourcesGetsADriverOfItsOwn() {
        ComponentContext bare = new ComponentContext() {
            @Override public Ui ui() { return new dev.kiln.api.testing.RecordingUi(); }
            @Override public String buildName() { return "docker"; }
            @Override public String builderType() { return "docker"; }
            @Override public String render(String template, Map<String, ?> data) { return template; }
        };
        DockerDriver first = DockerEngines.forBuild(bare, null);
        DockerDriver second = DockerEngines.forBuild(bare, null);
        assertThat(second).isNotSameAs(first);
        first.close();
        assertThatThrownBy(first::ping).isInstanceOf(RuntimeException.class);
        second.ping();
        second.close();
    }

    @Test
    void anEngineThatDoesNotAnswerIsTriedAgainByTheNextComponent() {
        FakeContext build = new FakeContext();
        assertThatThrownBy(() -> DockerEngines.forBuild(build, "unix:///var/run/kiln-no-such.sock"))
                .hasMessageStartingWith("Cannot reach the Docker engine at 'unix:///var/run/kiln-no-such.sock'");
        assertThat(build.sessionResourceKeys()).noneMatch(key -> key.contains(":client:"));
    }

    @Test
    void thePinnedApiVersionIsTheOneSpoken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        String host = engine.driver().host();
        EngineRef old = EngineRef.resolve(host, Map.of("DOCKER_API_VERSION", "1.40"), home);
        DockerJavaDriver.open(old, false).close();
        EngineRef future = EngineRef.resolve(host, Map.of("DOCKER_API_VERSION", "9.99"), home);
        assertThatThrownBy(() -> DockerJavaDriver.open(future, false))
                .hasMessageStartingWith("The Docker engine at '" + host + "' refuses API version 9.99 "
                        + "(DOCKER_API_VERSION): client version 9.99 is too new")
                .hasMessageEndingWith("; unset DOCKER_API_VERSION or set it to a version the engine supports.");
    }
}
