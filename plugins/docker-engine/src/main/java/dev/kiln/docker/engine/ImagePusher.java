package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.StreamCallback.closeQuietly;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.kiln.api.KilnException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Pushes images to their registries, for {@link ImageCalls}.
 *
 * <p>docker-java reports a failed push (wrong credentials, a registry that does not answer) as a
 * {@link PushResponseItem} with an error detail, not as an exception, and completes the stream normally; so every item
 * is checked and the first error fails the push. The credentials always go with the request, as
 * {@link EngineAuth} makes them (with none given, an empty set). Messages never carry the password or identity token:
 * should the engine or the registry echo one, it is masked.
 */
final class ImagePusher {

    private final DockerClient client;
    private final String engineHost;
    private final Function<Throwable, String> engineMessage;

    ImagePusher(DockerClient client, String engineHost, Function<Throwable, String> engineMessage) {
        this.client = client;
        this.engineHost = engineHost;
        this.engineMessage = engineMessage;
    }

    void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout) throws InterruptedException {
        ImageName name = ImageName.parse(ref);
        String registry = RegistryCredentials.registryOf(ref);
        String shown = RegistryCredentials.DOCKER_HUB.equals(registry) ? "Docker Hub" : registry;
        Items callback = new Items(listener);
        try {
            client.pushImageCmd(name.repository()).withTag(name.tag())
                    .withAuthConfig(EngineAuth.authConfig(auth, registry)).exec(callback);
            if (!callback.awaitEnd(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new KilnException("Pushing '" + ref + "' to '" + shown + "' through '" + engineHost
                        + "' did not finish within " + timeout.toMinutes() + " minutes; check the network and the "
                        + "registry.");
            }
        } catch (KilnException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new KilnException("Pushing '" + ref + "' failed at '" + engineHost + "': "
                    + EngineAuth.masked(engineMessage.apply(e), auth) + "; the engine has no image of that name: tag "
                    + "it first (docker-tag before docker-push).");
        } catch (RuntimeException e) {
            // the cause is not attached: docker-java's exceptions may quote the request, credentials header included
            throw new KilnException("Pushing '" + ref + "' to '" + shown + "' failed at '" + engineHost + "': "
                    + EngineAuth.masked(engineMessage.apply(e), auth) + ".");
        } finally {
            closeQuietly(callback);
        }
        if (callback.error() != null) {
            throw new KilnException(failure(ref, shown, EngineAuth.masked(callback.error(), auth), auth != null));
        }
    }

    /** What a failed push says: the registry's answer, and what to check for the usual causes. */
    static String failure(String ref, String registry, String answer, boolean withCredentials) {
        String lower = answer.toLowerCase(Locale.ROOT);
        String hint;
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("no basic auth credentials")) {
            hint = withCredentials
                    ? "check the credentials for '" + registry + "' (login_username and login_password, or the "
                            + "docker configuration's)"
                    : "the registry wants credentials: set login, login_username and login_password, or log in "
                            + "with 'docker login " + registry + "'";
        } else if (lower.contains("connection refused") || lower.contains("no such host") || lower.contains("dial tcp")
                || lower.contains("i/o timeout") || lower.contains("no route to host")) {
            hint = "the registry at '" + registry + "' does not answer; check the address and that it is running";
        } else {
            hint = "check the repository name and the registry at '" + registry + "'";
        }
        return "Pushing '" + ref + "' to '" + registry + "' failed: " + answer + "; " + hint + ".";
    }

    /**
     * The push stream's items: progress goes to the listener, the first error is kept, because docker-java reports a
     * failed push as an item and then completes normally.
     */
    static final class Items extends StreamCallback<PushResponseItem> {

        private final TransferListener listener;
        private final AtomicReference<String> error = new AtomicReference<>();

        Items(TransferListener listener) {
            this.listener = listener;
        }

        /** @return the first error an item reported, or null */
        String error() {
            return error.get();
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                error.compareAndSet(null, message == null || message.isBlank()
                        ? "the engine reported an error" : message.trim());
                return;
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            String id = item.getId();
            if (item.getProgressDetail() != null && item.getProgressDetail().getCurrent() != null && id != null) {
                Long total = item.getProgressDetail().getTotal();
                listener.progress(status + " " + id, item.getProgressDetail().getCurrent(),
                        total == null || total <= 0 ? -1 : total);
            } else if (id == null) {
                listener.status(status);                              // "The push refers to repository [...]"
            } else if (status.equals("Pushed") || status.equals("Layer already exists")
                    || status.startsWith("Mounted from") || status.contains("digest:")) {
                listener.status(id + ": " + status);
            }
        }
    }
}
