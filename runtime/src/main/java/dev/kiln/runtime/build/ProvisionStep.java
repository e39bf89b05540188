package dev.kiln.runtime.build;

import dev.kiln.api.Cancellation;
import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.Provisioner;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a build's provisioners in order through the communicator in the state bag, with {@code pause_before},
 * {@code max_retries} and {@code timeout}; stops at the first failure, then runs the template's
 * {@code error-cleanup-provisioner} (unless {@code -on-error=abort}) before the container goes.
 */
final class ProvisionStep implements Step {

    private final List<PreparedComponent> provisioners;
    private final PreparedComponent errorCleanup;
    private final OnError onError;
    private final RuntimeContext context;
    private final ScheduledExecutorService timer;

    ProvisionStep(List<PreparedComponent> provisioners, PreparedComponent errorCleanup, OnError onError,
                  RuntimeContext context, ScheduledExecutorService timer) {
        this.provisioners = provisioners;
        this.errorCleanup = errorCleanup;
        this.onError = onError;
        this.context = context;
        this.timer = timer;
    }

    @Override
    public String name() {
        return "StepProvision";
    }

    @Override
    public void run(StepContext step) throws InterruptedException {
        if (provisioners.isEmpty()) {
            return; // a builder with communicator 'none' offers no communicator, and needs none here
        }
        Communicator communicator = step.state().get(StateKeys.COMMUNICATOR).orElseThrow(() -> new KilnException(
                "The template has provisioners, but the builder connected no communicator (is its communicator "
                        + "'none'?); remove communicator: none, or the provisioners."));
        try {
            for (PreparedComponent provisioner : provisioners) {
                if (!provisioner.pauseBefore().isZero()) {
                    context.ui().say("Pausing " + Durations.format(provisioner.pauseBefore())
                            + " before the next provisioner...");
                    Thread.sleep(provisioner.pauseBefore().toMillis());
                }
                runWithRetries(provisioner, communicator);
            }
        } catch (KilnException e) {
            if (errorCleanup == null || onError == OnError.ABORT) {
                throw e;
            }
            context.ui().say("Provisioning step had errors: Running the cleanup provisioner...");
            try {
                runOnce(errorCleanup, communicator);
            } catch (KilnException cleanupFailure) {
                throw new KilnException("Cleanup failed: " + cleanupFailure.getMessage()
                        + ". Original provisioning error: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private void runWithRetries(PreparedComponent provisioner, Communicator communicator)
            throws InterruptedException {
        for (int triesLeft = provisioner.maxRetries(); ; triesLeft--) {
            try {
                runOnce(provisioner, communicator);
                return;
            } catch (KilnException e) {
                if (context.cancellation().isCancelled()) {
                    throw new InterruptedException("cancelled"); // a cancel is never a failure to retry
                }
                if (triesLeft <= 0) {
                    if (provisioner.maxRetries() > 0) {
                        context.ui().error("retry limit reached.");
                    }
                    throw e;
                }
                context.ui().error("Provisioner failed with \"" + e.getMessage() + "\", retrying with "
                        + triesLeft + " trie(s) left");
            }
        }
    }

    /**
     * Runs one provisioner; under a {@code timeout} with a cancellation of its own, which the alarm cancels (and the
     * thread is interrupted) while a cancel of the build cancels both. A cancel that comes while a timed-out
     * provisioner unwinds is still a cancel, never a timeout failure.
     */
    private void runOnce(PreparedComponent prepared, Communicator communicator) throws InterruptedException {
        Duration timeout = prepared.timeout();
        if (timeout.isZero()) {
            provision(context, prepared, communicator);
            return;
        }
        context.ui().say("Setting a " + Durations.format(timeout) + " timeout for the next provisioner...");
        Thread worker = Thread.currentThread();
        Object lock = new Object();
        boolean[] fired = {false};
        boolean[] finished = {false};
        try (CancellationToken.Child own = context.cancellation().child();
             Cancellation.Registration bound = Cancellation.bind(own.token())) {
            ScheduledFuture<?> alarm = timer.schedule(() -> {
                synchronized (lock) {
                    if (!finished[0]) { // an alarm already running when the work ended must not touch later work
                        fired[0] = true;
                        own.token().cancel();
                        worker.interrupt();
                    }
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                provision(context.withCancellation(own.token()), prepared, communicator);
            } catch (InterruptedException | KilnException e) {
                if (context.cancellation().isCancelled()) {
                    throw new InterruptedException("cancelled"); // the build's cancel wins over a timeout
                }
                synchronized (lock) {
                    if (!fired[0]) {
                        throw e;
                    }
                }
                context.ui().error("Cancelling provisioner after a timeout...");
                throw new KilnException("Provisioner '" + prepared.type() + "' did not finish within its timeout of "
                        + Durations.format(timeout) + ".");
            } finally {
                synchronized (lock) {
                    finished[0] = true;
                    alarm.cancel(false);
                    if (fired[0]) {
                        Thread.interrupted(); // the alarm's interrupt belongs to this provisioner only...
                    }
                }
                if (context.cancellation().isCancelled()) {
                    worker.interrupt(); // ...but a cancel of the build, which may have come meanwhile, stays
                }
            }
        }
    }

    /**
     * Runs one provisioner; whatever it throws besides {@link KilnException} becomes one naming it, so retries and
     * the error-cleanup provisioner apply to a crash too, as in Packer.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void provision(RuntimeContext in, PreparedComponent prepared, Communicator communicator)
            throws InterruptedException {
        try {
            ((Provisioner) prepared.component().component()).provision(in, communicator, prepared.config());
        } catch (KilnException | VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new KilnException("provisioner '" + prepared.type() + "' (" + prepared.component().origin()
                    + ") failed: " + e, e);
        }
    }
}
