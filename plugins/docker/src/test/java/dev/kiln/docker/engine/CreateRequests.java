package dev.kiln.docker.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;

/**
 * The create request {@link DockerJavaDriver} would send for a spec, as the JSON body the engine receives, built
 * without an engine. For tests in other packages (the mapping itself is package-private).
 */
public final class CreateRequests {

    private static final ObjectMapper MAPPER = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost("unix:///var/run/docker.sock").build().getObjectMapper();

    private CreateRequests() {
    }

    /**
     * @param spec what to create
     * @return the body of {@code POST /containers/create}, serialised by docker-java's own mapper
     */
    public static ObjectNode json(ContainerSpec spec) {
        CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(request -> {
            throw new UnsupportedOperationException("not sent: no engine in unit tests");
        }, null, spec.image());
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(DockerJavaDriver.createRequest(cmd, spec)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("docker-java's request does not serialise", e);
        }
    }
}
