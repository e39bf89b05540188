package dev.kiln.runtime.discovery;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;

/** A builder registered in this module's test resources, to prove the ServiceLoader route. */
public final class FixtureBuilder implements Builder<FixtureBuilder.Config> {

    /** No options. */
    public record Config() {
    }

    @Override public String type() { return "test-fixture"; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Artifact build(BuildContext context, Config config) { throw new UnsupportedOperationException(); }
}
