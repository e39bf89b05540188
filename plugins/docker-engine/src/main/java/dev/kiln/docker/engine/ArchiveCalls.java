package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.shortId;
import static dev.kiln.docker.engine.EngineHttp.enc;
import static dev.kiln.docker.engine.EngineHttp.header;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Optional;

/** Files in containers: path stats, copies in and out as tar streams, and the export of a whole file system. */
final class ArchiveCalls {

    private final EngineRef endpoint;
    private final EngineHttp engine;
    private final EngineErrors errors;
    private final ArchiveStreams streams;
    private final ContainerCalls containers;

    ArchiveCalls(EngineRef endpoint, EngineHttp engine, EngineErrors errors,
            ArchiveStreams streams, ContainerCalls containers) {
        this.endpoint = endpoint;
        this.engine = engine;
        this.errors = errors;
        this.streams = streams;
        this.containers = containers;
    }

    /** What is at {@code path} in a container, read from the header of a {@code HEAD} archive request. */
    Optional<PathStat> statPath(String containerId, String path) {
        String what = "Looking up '" + path + "' in container '" + shortId(containerId) + "'";
        try (DockerHttpClient.Response response = engine.send("HEAD",
                "/containers/" + enc(containerId) + "/archive?path=" + enc(path), null, null)) {
            int status = response.getStatusCode();
            if (status == 404) {
                // A HEAD answer has no body to say whether the path or the whole container is missing. Only '/'
                // tells: every container has it, and callers that find nothing walk up to it (an upload's plan) or
                // ask for it (a download that found nothing), so no other path needs a second request.
                if (path.equals("/")) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + (containers.inspect(containerId).isEmpty() ? "the container is gone."
                                    : "the engine says the container has no '/'."));
                }
                return Optional.empty();
            }
            if (status >= 300) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine answered HTTP "
                        + status + ".");
            }
            String header = header(response, "X-Docker-Container-Path-Stat");
            if (header == null) {
                throw new KilnException(what + " failed at '" + endpoint.host()
                        + "': the engine sent no path information; is it a Docker engine?");
            }
            JsonNode stat = JsonTrees.read(Base64.getDecoder().decode(header.trim()));
            long mode = stat.path("mode").asLong();
            boolean directory = (mode & (1L << 31)) != 0;
            boolean symlink = (mode & (1L << 27)) != 0;
            return Optional.of(new PathStat(stat.path("name").asText(), stat.path("size").asLong(), directory,
                    symlink, stat.path("linkTarget").asText("")));
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw errors.failure(what, e);
        }
    }

    /** Unpacks {@code tar} into {@code directory} of a container, streamed as it is written. */
    void copyTo(String containerId, String directory, TarSource tar) throws InterruptedException {
        String what = "Copying into '" + directory + "' of container '" + shortId(containerId) + "'";
        String path = "/containers/" + enc(containerId) + "/archive?path=" + enc(directory)
                + "&noOverwriteDirNonDir=false&copyUIDGID=false";
        streams.streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = engine.send("PUT", path, "application/x-tar", body)) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + errors.errorText(response) + ".");
                }
                response.getBody().transferTo(OutputStream.nullOutputStream());
            }
            return null;
        });
    }

    /**
     * A tar stream of {@code path} in a container, which a cancel closes; the caller closes it. A raw request, so a
     * cancel can abort the connection under a read (docker-java's own stream would first drain the body on close).
     */
    InputStream copyFrom(String containerId, String path) {
        String what = "Copying '" + path + "' from container '" + shortId(containerId) + "'";
        DockerHttpClient.Response response = request(what, "/containers/" + enc(containerId) + "/archive?path="
                + enc(path));
        if (response.getStatusCode() == 404) {
            response.close();
            throw new KilnException(what + " failed: there is no such file or directory in the container.");
        }
        return new CancellableStream(checked(what, response).getBody(), response);
    }

    /** Writes a container's file system, as a tar stream, into {@code out}. */
    void export(String containerId, OutputStream out) throws InterruptedException {
        String what = "Exporting container '" + shortId(containerId) + "'";
        DockerHttpClient.Response response = request(what, "/containers/" + enc(containerId) + "/export");
        try {
            streams.copy(checked(what, response).getBody(), out, what);
        } finally {
            response.close();
        }
    }

    private DockerHttpClient.Response request(String what, String pathAndQuery) {
        try {
            return engine.send("GET", pathAndQuery, null, null);
        } catch (RuntimeException e) {
            throw errors.failure(what, e);
        }
    }

    /** {@code response} when it succeeded; otherwise closes it and fails with the engine's answer. */
    private DockerHttpClient.Response checked(String what, DockerHttpClient.Response response) {
        if (response.getStatusCode() >= 300) {
            String answer = errors.errorText(response);
            response.close();
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + answer + ".");
        }
        return response;
    }
}
