package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineHttp.enc;
import static dev.kiln.docker.engine.EngineHttp.stringMap;
import static dev.kiln.docker.engine.EngineHttp.strings;
import static dev.kiln.docker.engine.EngineHttp.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Images and registries: inspect, pull, push, import, save, load, tag, remove, list. */
final class ImageCalls {

    private final Supplier<DockerClient> client;
    private final EngineRef endpoint;
    private final EngineHttp engine;
    private final EngineErrors errors;
    private final ArchiveStreams streams;
    private final ExecutorService transfers;

    /**
     * @param client docker-java's client, made on first use: only push still needs it
     * @param transfers the driver's transfer threads, which read pull streams
     */
    ImageCalls(Supplier<DockerClient> client, EngineRef endpoint, EngineHttp engine, EngineErrors errors,
            ArchiveStreams streams, ExecutorService transfers) {
        this.client = client;
        this.endpoint = endpoint;
        this.engine = engine;
        this.errors = errors;
        this.streams = streams;
        this.transfers = transfers;
    }

    /** The image's size in bytes as the engine reports it, or -1 when it is not there or says nothing. */
    long size(String ref) {
        JsonNode image = inspectJson(ref);
        if (image == null) {
            return -1;
        }
        JsonNode size = image.get("Size");
        return size != null && size.isNumber() ? size.longValue() : -1;
    }

    /** The image's ID, tags and run defaults, or empty when the engine has no such image. */
    Optional<ImageConfig> inspect(String ref) {
        JsonNode image = inspectJson(ref);
        if (image == null) {
            return Optional.empty();
        }
        JsonNode c = image.get("Config");
        if (c == null || !c.isObject()) {
            return Optional.of(new ImageConfig(text(image, "Id"), null, null, null, null, null, null, false, false,
                    strings(image, "RepoTags")));
        }
        return Optional.of(new ImageConfig(text(image, "Id"), strings(c, "Entrypoint"), strings(c, "Cmd"),
                strings(c, "Env"), text(c, "User"), text(c, "WorkingDir"), stringMap(c, "Labels"),
                c.path("Tty").asBoolean(false), c.path("OpenStdin").asBoolean(false), strings(image, "RepoTags")));
    }

    /** The engine's inspect answer for an image, or null when there is no such image. */
    private JsonNode inspectJson(String ref) {
        String what = "Inspecting image '" + ref + "'";
        EngineHttp.Answer answer = engine.call("GET", "/images/" + enc(ref) + "/json", null, what);
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        return answer.json(what);
    }

    /**
     * Pulls as {@link DockerDriver#pull} describes, failing on the first error item of the stream. A raw request on a
     * transfer thread, whose connection the caller aborts when the time is up or it is interrupted.
     */
    void pull(String image, String platform, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException {
        ImageName name = ImageName.parse(image);
        StringBuilder path = new StringBuilder("/images/create?fromImage=").append(enc(name.repository()));
        if (name.tag() != null) {
            path.append("&tag=").append(enc(name.tag()));
        }
        if (platform != null && !platform.isBlank()) {
            path.append("&platform=").append(enc(platform));
        }
        String registryAuth = registryAuth(auth, RegistryCredentials.registryOf(image));
        AtomicReference<String> error = new AtomicReference<>();
        AtomicReference<AutoCloseable> connection = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean(); // the caller has stopped waiting: timed out, interrupted or failed
        Future<Void> pulling = transfers.submit(() -> {
            try (DockerHttpClient.Response response = engine.send("POST", path.toString(), null, null,
                    Map.of("X-Registry-Auth", registryAuth))) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException("Pulling image '" + image + "' failed at '" + endpoint.host() + "': "
                            + errors.errorText(response) + "; check the image name and that the registry can be "
                            + "reached.");
                }
                InputStream body = response.getBody();
                AutoCloseable abort = CancellableStream.abort(body);
                connection.set(() -> {
                    abort.close();
                    response.close();
                });
                if (over.get()) {
                    return null; // the answer came after the caller gave up: read none of it (the response closes)
                }
                JsonTrees.readAll(body, item -> {
                    JsonNode detail = item.get("errorDetail");
                    if (detail != null && !detail.isNull()) {
                        String message = text(detail, "message");
                        error.compareAndSet(null, message == null ? "the engine reported an error" : message);
                    } else {
                        report(item, listener);
                    }
                });
            }
            return null;
        });
        try {
            pulling.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KilnException("Pulling image '" + image + "' from '" + endpoint.host()
                    + "' did not finish within " + timeout.toMinutes() + " minutes; check the network and the "
                    + "registry, or pull it yourself and set pull: false.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KilnException) {
                throw (KilnException) cause;
            }
            throw new KilnException("Pulling image '" + image + "' failed at '" + endpoint.host() + "': "
                    + errors.engineMessage(cause) + "; check the image name and that the registry can be reached.",
                    cause);
        } finally {
            over.set(true);
            AutoCloseable open = connection.get();
            if (open != null && !pulling.isDone()) {
                try {
                    open.close();
                } catch (Exception e) {
                    // closing only stops the stream
                }
            }
            pulling.cancel(true);
        }
        if (error.get() != null) {
            throw new KilnException("Pulling image '" + image + "' failed at '" + endpoint.host() + "': "
                    + error.get() + "; check the image name and that the registry can be reached.");
        }
    }

    /**
     * The {@code X-Registry-Auth} header docker-java sent for these credentials: its {@code AuthConfig} as JSON
     * (without its null fields; its server address defaults to Docker Hub's), base64url-encoded with padding.
     */
    private String registryAuth(RegistryAuth auth, String registry) {
        AuthConfig config = EngineAuth.authConfig(auth, registry);
        ObjectNode json = JsonTrees.object();
        putIfSet(json, "username", config.getUsername());
        putIfSet(json, "password", config.getPassword());
        putIfSet(json, "serveraddress", config.getRegistryAddress());
        putIfSet(json, "identitytoken", config.getIdentitytoken());
        return Base64.getUrlEncoder().encodeToString(JsonTrees.write(json));
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void report(JsonNode item, TransferListener listener) {
        String status = text(item, "status");
        if (status == null) {
            return;
        }
        String id = text(item, "id");
        JsonNode progress = item.path("progressDetail");
        JsonNode current = progress.get("current");
        if (current != null && current.isNumber() && id != null) {
            JsonNode total = progress.get("total");
            long size = total == null || !total.isNumber() ? -1 : total.longValue();
            listener.progress(status + " " + id, current.longValue(), size <= 0 ? -1 : size);
        } else if (id == null || status.startsWith("Pulling from")) {
            listener.status(id == null ? status : status + " " + id);
        } else if (status.equals("Pull complete") || status.equals("Already exists")) {
            listener.status(id + ": " + status);
        }
    }

    /** Pushes through {@link ImagePusher}. */
    void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout) throws InterruptedException {
        new ImagePusher(client.get(), endpoint.host(), errors::engineMessage).push(ref, auth, listener, timeout);
    }

    /** Imports a file system tarball through a raw request, because docker-java has no import with changes. */
    String importImage(TarSource tar, String repository, String tag, List<String> changes, String platform)
            throws InterruptedException {
        String what = "Importing an image" + (repository == null ? "" : " as '" + repository
                + (tag == null ? "" : ":" + tag) + "'");
        StringBuilder query = new StringBuilder("/images/create?fromSrc=-");
        if (repository != null && !repository.isEmpty()) {
            query.append("&repo=").append(enc(repository));
            query.append("&tag=").append(enc(tag == null || tag.isEmpty() ? "latest" : tag));
        }
        for (String change : changes) {
            query.append("&changes=").append(enc(change));
        }
        if (platform != null && !platform.isEmpty()) {
            query.append("&platform=").append(enc(platform));
        }
        String path = query.toString();
        return streams.streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = engine.send("POST", path, "application/x-tar", body)) {
                String[] id = {null};
                readItems(what, response, item -> {
                    String status = item.path("status").asText("");
                    if (status.startsWith("sha256:")) {
                        id[0] = status.trim();
                    }
                });
                if (id[0] == null) {
                    throw new KilnException(what + " failed at '" + endpoint.host()
                            + "': the engine returned no image ID.");
                }
                return id[0];
            }
        });
    }

    /** Writes an image as a docker-archive into {@code out}. */
    void save(String ref, OutputStream out) throws InterruptedException {
        String what = "Saving image '" + ref + "'";
        DockerHttpClient.Response response;
        try {
            response = engine.send("GET", "/images/" + enc(ref) + "/get", null, null);
        } catch (RuntimeException e) {
            throw errors.failure(what, e);
        }
        try {
            if (response.getStatusCode() >= 300) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errors.errorText(response)
                        + ".");
            }
            streams.copy(response.getBody(), out, what);
        } finally {
            response.close();
        }
    }

    /** Loads a docker-archive and returns what the engine says it loaded, tags or IDs. */
    List<String> load(TarSource tar) throws InterruptedException {
        String what = "Loading an image archive";
        return streams.streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = engine.send("POST", "/images/load?quiet=1", "application/x-tar",
                    body)) {
                List<String> loaded = new ArrayList<>();
                readItems(what, response, item -> {
                    for (String line : item.path("stream").asText("").split("\n")) {
                        if (line.startsWith("Loaded image ID: ")) {
                            loaded.add(line.substring("Loaded image ID: ".length()).trim());
                        } else if (line.startsWith("Loaded image: ")) {
                            loaded.add(line.substring("Loaded image: ".length()).trim());
                        }
                    }
                });
                return List.copyOf(loaded);
            }
        });
    }

    /**
     * Reads the engine's answer to an import or load: a status, then a stream of JSON items, any of which may be the
     * error that fails the request (the engine reports it in the stream, with status 200).
     */
    private void readItems(String what, DockerHttpClient.Response response, Consumer<JsonNode> each)
            throws IOException {
        if (response.getStatusCode() >= 300) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errors.errorText(response)
                    + ".");
        }
        JsonTrees.readAll(response.getBody(), item -> {
            if (item.hasNonNull("error")) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                        + item.path("error").asText() + ".");
            }
            each.accept(item);
        });
    }

    /** Names an image {@code repository:tag}; a null or empty tag means {@code latest}. */
    void tag(String image, String repository, String tag, boolean force) {
        String bareTag = tag == null || tag.isEmpty() ? "latest" : tag;
        String target = repository + ":" + bareTag;
        String what = "Tagging image '" + image + "' as '" + target + "'";
        EngineHttp.Answer answer;
        try {
            answer = engine.exchange("POST", "/images/" + enc(image) + "/tag?repo=" + enc(repository) + "&tag="
                    + enc(bareTag) + (force ? "&force=true" : ""), null);
        } catch (RuntimeException e) {
            if (EngineErrors.noAnswer(e)) {
                throw errors.failure(what, e);
            }
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errors.engineMessage(e)
                    + "; check repository and tags (lower-case repository, tags of letters, digits, '_', '.' and "
                    + "'-').", e);
        }
        if (answer.status() == 404) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': the image does not exist there.");
        }
        if (!answer.ok()) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + answer.message()
                    + "; check repository and tags (lower-case repository, tags of letters, digits, '_', '.' and "
                    + "'-').");
        }
    }

    /** Removes an image or one of its names; false when there was no such image. */
    boolean remove(String ref, boolean force) {
        String what = "Removing image '" + ref + "'";
        EngineHttp.Answer answer = engine.call("DELETE", "/images/" + enc(ref) + (force ? "?force=true" : ""), null,
                what);
        if (answer.status() == 404) {
            return false;
        }
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        return true;
    }

    /** Lists images (not intermediate layers), optionally only those with {@code label}. */
    List<ImageSummary> list(String label) {
        String what = "Listing images";
        EngineHttp.Answer answer = engine.call("GET", "/images/json" + (label == null ? ""
                : "?filters=" + EngineHttp.filters("label", label)), null, what);
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        List<ImageSummary> result = new ArrayList<>();
        for (JsonNode image : answer.json(what)) {
            List<String> tags = strings(image, "RepoTags");
            result.add(new ImageSummary(text(image, "Id"), tags == null ? List.of()
                    : tags.stream().filter(t -> !t.equals("<none>:<none>")).toList(), stringMap(image, "Labels")));
        }
        return result;
    }
}
