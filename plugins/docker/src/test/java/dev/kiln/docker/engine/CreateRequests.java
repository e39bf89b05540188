package dev.kiln.docker.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The create request {@link DockerJavaDriver} would send for a spec, as the JSON body the engine receives, built
 * without an engine. For tests in other packages (the mapping itself is package-private).
 */
public final class CreateRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CreateRequests() {
    }

    /**
     * @param spec what to create
     * @return the body of {@code POST /containers/create}, as the engine reads it (written out and read back)
     */
    public static ObjectNode json(ContainerSpec spec) {
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(DockerJavaDriver.createRequest(spec)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the request does not serialise", e);
        }
    }
}
