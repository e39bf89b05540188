package dev.kiln.runtime.discovery;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;

/** A builder whose {@code type()} throws, as a broken third-party jar on the class path might. */
public final class BrokenTypeBuilder implements Builder<BrokenTypeBuilder.Config> {

    /** No options. */
    public record Config() {
    }

    @Override public String type() { throw new IllegalStateException("no type today"); }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Artifact build(BuildContext context, Config config) { throw new UnsupportedOperationException(); }
}
