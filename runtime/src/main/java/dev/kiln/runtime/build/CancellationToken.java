package dev.kiln.runtime.build;

import dev.kiln.api.CancellationSource;

/**
 * The runtime's {@link dev.kiln.api.Cancellation}: cancelled once, by {@link #cancel()} or by its parent; a child (a
 * provisioner under a {@code timeout}) can be cancelled alone. Cancelling closes every registered action, newest
 * first.
 */
final class CancellationToken extends CancellationSource {

    /** A token of its own, cancelled only by {@link #cancel()}. */
    CancellationToken() {
    }

    /**
     * A token cancelled with this one, or alone; close the returned scope's registration when the child's work ends.
     *
     * @return the child
     */
    Child child() {
        CancellationToken child = new CancellationToken();
        Registration link = onCancel(child::cancel);
        return new Child(child, link);
    }

    /** A child token and its link to the parent; closing it unlinks, so the parent does not keep it. */
    record Child(CancellationToken token, Registration link) implements AutoCloseable {
        @Override
        public void close() {
            link.close();
        }
    }
}
