package dev.kiln.cli.repl;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import dev.kiln.api.KilnException;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A builder for shell tests, with no engine: creates a "resource" (whose cleanup says it removed it, slowly if asked),
 * then works: says its message, fails, or waits until cancelled.
 */
public final class StepsBuilder implements Builder<StepsBuilder.Config> {

    /**
     * @param message said by the work step, e.g. a rendered user variable
     * @param fail whether the work step fails
     * @param block whether the work step waits until the build is cancelled (at most a minute)
     * @param cleanupMillis how long removing the resource takes
     */
    public record Config(String message, Boolean fail, Boolean block, Integer cleanupMillis) {
    }

    @Override public String type() { return "test-steps"; }
    @Override public Class<Config> configType() { return Config.class; }

    @Override
    public Artifact build(BuildContext context, Config config) throws InterruptedException {
        context.steps().run(List.of(new CreateResourceStep(config), new WorkStep(config)));
        return new Artifact() {
            @Override public String builderType() { return "test-steps"; }
            @Override public String id() { return "resource-of-" + context.buildName(); }
            @Override public List<String> files() { return List.of(); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "a test resource"; }
            @Override public void destroy() { }
        };
    }

    static final class CreateResourceStep implements Step {
        private final Config config;
        private boolean created;

        CreateResourceStep(Config config) {
            this.config = config;
        }

        @Override
        public void run(StepContext context) {
            context.ui().say("Creating resource");
            created = true;
        }

        @Override
        public void cleanup(StepContext context) {
            if (!created) {
                return;
            }
            context.ui().say("Removing resource");
            if (config.cleanupMillis() != null) {
                try {
                    Thread.sleep(config.cleanupMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            context.ui().say("Removed resource");
            created = false;
        }
    }

    static final class WorkStep implements Step {
        private final Config config;

        WorkStep(Config config) {
            this.config = config;
        }

        @Override
        public void run(StepContext context) throws InterruptedException {
            if (config.message() != null) {
                context.ui().say("message: " + config.message());
            }
            if (Boolean.TRUE.equals(config.fail())) {
                throw new KilnException("the work failed");
            }
            if (Boolean.TRUE.equals(config.block())) {
                context.ui().say("Working until cancelled");
                new CountDownLatch(1).await(1, TimeUnit.MINUTES);
            }
        }
    }
}
