package dev.kiln.plugin.docker;

import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.api.Ui;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.StepContext;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.EngineRef;
import dev.kiln.docker.engine.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates and starts the build container from {@code run_command} and the builder's options, named
 * {@value DockerDriver#CONTAINER_PREFIX}{@code <owner tag>} (the build's {@link ComponentContext#buildOwner()}) unless
 * {@code run_command} names it ({@code --name}), so {@code kiln cleanup} finds it after Kiln was killed. It carries no
 * label of Kiln's: the commit would copy it into the image. Its cleanup kills and removes the container, also when
 * starting failed after the container was created.
 */
final class StartContainerStep implements Step {

    private final DockerDriver driver;
    private final ComponentContext renderer;
    private final DockerBuilderConfig config;
    private String containerId;

    StartContainerStep(DockerDriver driver, ComponentContext renderer, DockerBuilderConfig config) {
        this.driver = driver;
        this.renderer = renderer;
        this.config = config;
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
        Ui ui = context.ui();
        ui.say("Starting docker container...");
        List<String> args = dockerRunArguments();
        ui.detail("Run command: docker run " + display(args));
        ContainerSpec asWritten = RunCommand.translate(args);
        ContainerSpec translated = asWritten.name() == null || asWritten.name().isEmpty()
                ? asWritten.withName(DockerDriver.CONTAINER_PREFIX + renderer.buildOwner().tag()) : asWritten;
        ImageConfig base = driver.inspectImage(translated.image()).orElseThrow(() -> missingImage(translated.image()));
        context.state().put(DockerKeys.BASE_IMAGE, base);
        // A base without an entrypoint (alpine, debian: only a CMD) must give an image without one: see CommitSpec.
        boolean noEntrypoint = base.entrypoint() == null || base.entrypoint().isEmpty();
        ContainerSpec spec = noEntrypoint && base.cmd() != null && !base.cmd().isEmpty()
                ? translated.withEntrypointAsCommand() : translated;
        containerId = driver.createContainer(spec);
        context.state().put(DockerKeys.CONTAINER_ID, containerId);
        driver.startContainer(containerId);
        ui.detail("Container ID: " + containerId);
        // Packer's generated data for {{build `ID`}} and {{build `ConnType`}} in provisioners
        context.state().get(StateKeys.GENERATED_DATA).ifPresent(data -> {
            data.put("ID", containerId);
            data.put("ConnType", "docker");
        });
    }

    private KilnException missingImage(String image) {
        if (Boolean.TRUE.equals(config.pull()) && image.equals(config.image())) {
            return new KilnException("Image '" + image + "' is still missing at '" + driver.host()
                    + "' after pulling it; check image and platform.");
        }
        return new KilnException("Image '" + image + "' was not found at '" + driver.host() + "' and pull is false, "
                + "so Kiln does not pull it; set pull: true, or pull or build the image first.");
    }

    /** The flags Packer generates from the builder's options, then the rendered {@code run_command}. */
    List<String> dockerRunArguments() {
        List<String> args = new ArrayList<>();
        for (String device : config.device()) {
            args.add("--device");
            args.add(device);
        }
        for (String cap : config.capAdd()) {
            args.add("--cap-add");
            args.add(cap);
        }
        for (String cap : config.capDrop()) {
            args.add("--cap-drop");
            args.add(cap);
        }
        if (config.privileged()) {
            args.add("--privileged");
        }
        for (String tmpfs : config.tmpfs()) {
            args.add("--tmpfs");
            args.add(tmpfs);
        }
        for (Map.Entry<String, String> volume : config.volumes().entrySet()) {
            args.add("-v");
            args.add(volume.getKey() + ":" + volume.getValue());
        }
        if (config.runtime() != null && !config.runtime().isBlank()) {
            args.add("--runtime");
            args.add(config.runtime());
        }
        if (config.platform() != null && !config.platform().isBlank()) {
            args.add("--platform");
            args.add(config.platform());
        }
        Map<String, String> data = Map.of("Image", config.image());
        for (String arg : config.runCommand()) {
            args.add(renderer.render(arg, data));
        }
        return args;
    }

    private static String display(List<String> args) {
        StringBuilder text = new StringBuilder();
        for (String arg : args) {
            if (text.length() > 0) {
                text.append(' ');
            }
            boolean quote = arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'');
            text.append(quote ? "'" + arg.replace("'", "'\"'\"'") + "'" : arg);
        }
        return text.toString();
    }

    /** Aborted: the container stays; says how to remove it, now or after this Kiln has ended. */
    @Override
    public void abandon(StepContext context) {
        if (containerId == null) {
            return;
        }
        String docker = driver.host().equals(EngineRef.DEFAULT_HOST) ? "docker" : "docker -H " + driver.host();
        context.ui().say("Left the container " + containerId + " for inspection; remove it with '" + docker
                + " rm -f " + containerId + "', or with 'kiln cleanup' once this Kiln process has ended.");
    }

    @Override
    public void cleanup(StepContext context) {
        if (containerId == null) {
            return;
        }
        String id = containerId;
        context.ui().say("Killing the container: " + id);
        driver.killAndRemoveContainerQuietly(id).ifPresent(why -> context.ui().warn(
                "Container '" + id + "' could not be removed: " + why + " Remove it with 'docker rm -f " + id + "'."));
        context.state().remove(DockerKeys.CONTAINER_ID);
        containerId = null;
    }
}
