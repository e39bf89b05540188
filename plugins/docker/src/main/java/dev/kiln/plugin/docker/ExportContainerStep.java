package dev.kiln.plugin.docker;

import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.api.PartialFile;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.ProgressOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the container's filesystem to {@code export_path}: to a {@link PartialFile} in the same directory first,
 * renamed into place when complete, so a failed or cancelled export never leaves a partial file under the real name
 * (and one Kiln is killed while writing is in the build folder's list, for {@code kiln cleanup}).
 */
final class ExportContainerStep implements Step {

    private final DockerDriver driver;
    private final ComponentContext build;
    private final Path target;
    private PartialFile partial;

    ExportContainerStep(DockerDriver driver, ComponentContext build, Path target) {
        this.driver = driver;
        this.build = build;
        this.target = target.toAbsolutePath().normalize();
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
        context.ui().say("Exporting the container");
        String containerId = context.state().require(DockerKeys.CONTAINER_ID);
        Path directory = target.getParent();
        try {
            Files.createDirectories(directory);
            partial = build.partialFile(target);
            try (ProgressOutputStream out = new ProgressOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(partial.path()), 1 << 16), context.ui(),
                    "Exporting to " + target.getFileName(), -1)) { // the engine does not say how large it will be
                driver.exportContainer(containerId, out);
            }
            partial.complete();
            deletePartial();
        } catch (IOException e) {
            deletePartial();
            throw new KilnException("Writing export_path '" + target + "' failed: " + e.getMessage()
                    + "; check that the directory is writable and has room.", e);
        } catch (InterruptedException | RuntimeException e) {
            deletePartial();
            throw e;
        }
        context.state().put(DockerKeys.EXPORT_PATH, target.toString());
        context.ui().detail("Exported to: " + target);
    }

    @Override
    public void cleanup(StepContext context) {
        deletePartial();
    }

    private void deletePartial() {
        if (partial != null) {
            partial.close(); // deletes it unless it was completed; the build folder forgets it
            partial = null;
        }
    }
}
