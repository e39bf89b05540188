package dev.kiln.runtime.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import dev.kiln.api.ConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentRegistryTest {

    record NoConfig() {
    }

    /** A builder whose type name is chosen per instance. */
    static final class NamedBuilder implements Builder<NoConfig> {
        private final String type;

        NamedBuilder(String type) {
            this.type = type;
        }

        @Override public String type() { return type; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }
        @Override public Artifact build(BuildContext context, NoConfig config) { throw new UnsupportedOperationException(); }
    }

    @Test
    void findsRegisteredComponentsByKindAndType() {
        ComponentRegistry registry = ComponentRegistry.of(List.of(new NamedBuilder("docker")));

        assertThat(registry.lookup(ComponentKind.BUILDER, "docker").component().type()).isEqualTo("docker");
        assertThat(registry.types(ComponentKind.BUILDER)).containsExactly("docker");
        assertThat(registry.types(ComponentKind.PROVISIONER)).isEmpty();
    }

    @Test
    void unknownTypeNamesTheKnownOnesWithADidYouMean() {
        ComponentRegistry registry = ComponentRegistry.of(List.of(new NamedBuilder("docker"),
                new NamedBuilder("qemu")));

        assertThatThrownBy(() -> registry.lookup(ComponentKind.BUILDER, "dockerr"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown builder type 'dockerr'; did you mean 'docker'? Known builders: docker, qemu.");
    }

    @Test
    void unknownTypeWithoutACloseMatchListsTheKnownOnes() {
        ComponentRegistry registry = ComponentRegistry.of(List.of(new NamedBuilder("docker")));

        assertThatThrownBy(() -> registry.lookup(ComponentKind.BUILDER, "vmware-iso"))
                .hasMessage("unknown builder type 'vmware-iso'. Known builders: docker.");
    }

    @Test
    void duplicateTypeIsRefusedNamingBothOriginsAndTheRestStillWorks() {
        ComponentRegistry registry = ComponentRegistry.of(List.of(new NamedBuilder("docker"),
                new NamedBuilder("docker"), new NamedBuilder("qemu")));

        assertThat(registry.problems()).singleElement().asString()
                .startsWith("Component type 'docker' is provided by both ")
                .contains(" and ")
                .endsWith("; remove one.");
        assertThatThrownBy(() -> registry.lookup(ComponentKind.BUILDER, "docker"))
                .hasMessageStartingWith("Component type 'docker' is provided by both ");
        assertThat(registry.lookup(ComponentKind.BUILDER, "qemu")).isNotNull();
    }

    @Test
    void aProviderWhoseTypeThrowsIsAProblemAndTheRestStillRegister(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/dev.kiln.api.Builder");
        Files.createDirectories(services.getParent());
        Files.writeString(services, BrokenTypeBuilder.class.getName() + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            ComponentRegistry registry = ComponentRegistry.fromClassPath(loader);

            assertThat(registry.problems()).singleElement().asString()
                    .isEqualTo("A builder could not be loaded: java.lang.IllegalStateException: no type today");
            assertThat(registry.types(ComponentKind.BUILDER)).contains("test-fixture");
        }
    }

    @Test
    void readsServiceRegistrationsFromTheClassPath() {
        ComponentRegistry registry = ComponentRegistry.fromClassPath(getClass().getClassLoader());

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.types(ComponentKind.BUILDER)).contains("test-fixture");
    }

    @Test
    void aHintIsAddedOnlyToTheUnknownTypesItMayExplain() {
        ComponentRegistry registry = ComponentRegistry.builder()
                .hint(java.util.Set.of(ComponentKind.POST_PROCESSOR), "docker-tag"::equals, "Plugin 'x' broke.")
                .build();

        assertThatThrownBy(() -> registry.lookup(ComponentKind.POST_PROCESSOR, "docker-tag"))
                .hasMessage("unknown post-processor type 'docker-tag'. No post-processors are installed. It is "
                        + "provided by the plugin 'kiln-plugin-docker-tag'. Plugin 'x' broke.");
        assertThatThrownBy(() -> registry.lookup(ComponentKind.POST_PROCESSOR, "docker-push"))
                .hasMessage("unknown post-processor type 'docker-push'. No post-processors are installed. It is "
                        + "provided by the plugin 'kiln-plugin-docker-push', which is not installed; see 'kiln "
                        + "plugins'. Some plugins are not working; 'kiln plugins --verbose' shows why.");
        assertThatThrownBy(() -> registry.lookup(ComponentKind.BUILDER, "docker-tag"))
                .hasMessageNotContaining("Plugin 'x' broke.");
    }

    @Test
    void everyBuiltInTypeNamesItsPluginWhenThatPluginIsMissing() {
        ComponentRegistry empty = ComponentRegistry.builder().build();
        Map<String, String> builtIns = Map.of("provisioner shell-local", "kiln-plugin-shell-local",
                "post-processor shell-local", "kiln-plugin-shell-local", "provisioner file", "kiln-plugin-file",
                "post-processor docker-save", "kiln-plugin-docker-save",
                "post-processor docker-import", "kiln-plugin-docker-import",
                "post-processor checksum", "kiln-plugin-checksum", "post-processor manifest", "kiln-plugin-manifest");
        builtIns.forEach((kindAndType, plugin) -> {
            ComponentKind kind = kindAndType.startsWith("provisioner") ? ComponentKind.PROVISIONER
                    : ComponentKind.POST_PROCESSOR;
            String type = kindAndType.substring(kindAndType.indexOf(' ') + 1);
            assertThatThrownBy(() -> empty.lookup(kind, type)).as(kindAndType)
                    .hasMessageContaining("provided by the plugin '" + plugin + "', which is not installed");
        });
    }
}
