package dev.kiln.plugin.docker;

import dev.kiln.api.KilnException;
import dev.kiln.api.Ui;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.TransferListener;
import dev.kiln.docker.engine.RegistryAuth;
import java.time.Duration;

/**
 * Pulls the base image ({@code pull: true}), with the registry credentials of {@code login} when given; when pulling
 * fails but the engine has the image, warns and goes on.
 */
final class PullImageStep implements Step {

    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final DockerDriver driver;
    private final String image;
    private final String platform;
    private final RegistryAuth auth;

    PullImageStep(DockerDriver driver, String image, String platform, RegistryAuth auth) {
        this.driver = driver;
        this.image = image;
        this.platform = platform;
        this.auth = auth;
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
        Ui ui = context.ui();
        ui.say("Pulling Docker image: " + image);
        if (auth != null) {
            ui.detail("Using " + auth.describe() + " for " + (auth.server() == null || auth.server().isBlank()
                    ? "the image's registry" : "'" + auth.server() + "'"));
        }
        try {
            driver.pull(image, platform, auth, TransferListener.to(ui), TIMEOUT);
        } catch (KilnException e) {
            boolean present;
            try {
                present = driver.imageExists(image);
            } catch (RuntimeException lookup) {
                e.addSuppressed(lookup); // the pull's failure is the one to report
                throw e;
            }
            if (!present) {
                throw e;
            }
            ui.warn(e.getMessage() + " The engine has image '" + image + "' already, so the build uses that one.");
        }
    }
}
