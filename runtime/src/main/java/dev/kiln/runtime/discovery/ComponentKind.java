package dev.kiln.runtime.discovery;

import dev.kiln.api.Builder;
import dev.kiln.api.CommunicatorFactory;
import dev.kiln.api.Component;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.Provisioner;

/** The extension points, with the word templates and messages use for each. */
public enum ComponentKind {
    BUILDER(Builder.class, "builder"),
    PROVISIONER(Provisioner.class, "provisioner"),
    POST_PROCESSOR(PostProcessor.class, "post-processor"),
    COMMUNICATOR(CommunicatorFactory.class, "communicator");

    private final Class<? extends Component> type;
    private final String word;

    ComponentKind(Class<? extends Component> type, String word) {
        this.type = type;
        this.word = word;
    }

    /** The extension point interface. */
    @SuppressWarnings("rawtypes")
    public Class<? extends Component> type() {
        return type;
    }

    /** How messages name this kind, e.g. {@code "post-processor"}. */
    public String word() {
        return word;
    }
}
