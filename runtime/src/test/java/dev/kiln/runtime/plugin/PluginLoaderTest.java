package dev.kiln.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.api.ConfigException;
import dev.kiln.api.KilnException;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.plugin.PluginReport.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads real plugin jars built into a temporary folder. */
class PluginLoaderTest {

    @TempDir Path plugins;

    /** A class path with no Kiln components, so only the plugin folder counts. */
    private static final ClassLoader NO_CLASS_PATH_COMPONENTS = ClassLoader.getPlatformClassLoader();

    private PluginLoader.Result load() {
        return PluginLoader.load(List.of(plugins), "0.1.0-SNAPSHOT", NO_CLASS_PATH_COMPONENTS);
    }

    private PluginJar jar(String name) {
        return new PluginJar(plugins.resolve(name));
    }

    private static PluginReport report(PluginLoader.Result result, String id) {
        return result.plugins().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void cleanLoadRegistersThePluginsComponents() throws Exception {
        jar("acme-good-1.0.0.jar").id("acme-good").manifest("Plugin-Requires", ">=0.1.0")
                .postProcessor("acme.good.GoodPostProcessor", "acme-good", "").build();

        PluginLoader.Result result = load();

        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-good").origin())
                .endsWith("acme-good-1.0.0.jar");
        PluginReport good = report(result, "acme-good");
        assertThat(good.state()).isEqualTo(State.STARTED);
        assertThat(good.version()).isEqualTo("1.0.0");
        assertThat(good.provides()).containsExactly("post-processor acme-good");
        assertThat(result.registry().problems()).isEmpty();
    }

    @Test
    void duplicateTypeIsRefusedNamingBothFiles() throws Exception {
        jar("first.jar").id("acme-first").postProcessor("acme.first.Dup", "acme-dup", "").build();
        jar("second.jar").id("acme-second").postProcessor("acme.second.Dup", "acme-dup", "").build();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-dup"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Component type 'acme-dup' is provided by both ")
                .hasMessageContaining("first.jar").hasMessageContaining("second.jar")
                .hasMessageEndingWith("; remove one.");
    }

    @Test
    void missingPluginIdIsAWarningNamingTheFileAndTheRestStillLoads() throws Exception {
        jar("nameless.jar").manifest("Plugin-Version", "1.0.0")
                .postProcessor("acme.nameless.Nameless", "acme-nameless", "").build();
        jar("good.jar").id("acme-good").postProcessor("acme.good.Good", "acme-good", "").build();

        PluginLoader.Result result = load();

        assertThat(result.registry().problems()).anySatisfy(problem ->
                assertThat(problem).contains("nameless.jar").contains("could not be loaded"));
        assertThat(report(result, "nameless.jar").state()).isEqualTo(State.FAILED);
        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-good")).isNotNull();
    }

    @Test
    void incompatiblePluginRequiresIsRefusedNamingThePluginAndBothVersions() throws Exception {
        jar("future.jar").id("acme-future").manifest("Plugin-Requires", ">=9.0.0")
                .postProcessor("acme.future.Future", "acme-future", "").build();

        PluginLoader.Result result = load();

        PluginReport future = report(result, "acme-future");
        assertThat(future.state()).isEqualTo(State.REFUSED);
        assertThat(future.failure()).contains("'acme-future'", "future.jar", "requires Kiln >=9.0.0",
                "this is Kiln 0.1.0");
        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-future"))
                .hasMessageContaining("unknown post-processor type 'acme-future'")
                .hasMessageContaining("requires Kiln >=9.0.0");
    }

    @Test
    void corruptJarIsReportedAndTheRestStillLoads() throws Exception {
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        jar("good.jar").id("acme-good").postProcessor("acme.good.Good", "acme-good", "").build();

        PluginLoader.Result result = load();

        assertThat(report(result, "corrupt.jar").state()).isEqualTo(State.FAILED);
        assertThat(result.registry().problems()).anySatisfy(p -> assertThat(p).contains("corrupt.jar"));
        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-good")).isNotNull();
    }

    @Test
    void componentWhoseConstructorThrowsFailsItsPluginWithTheCauseAndLeavesTheRest() throws Exception {
        jar("broken.jar").id("acme-broken")
                .postProcessor("acme.broken.Broken", "acme-broken", "throw new IllegalStateException(\"no licence\");")
                .postProcessor("acme.broken.Fine", "acme-fine", "").build();

        PluginLoader.Result result = load();

        PluginReport broken = report(result, "acme-broken");
        assertThat(broken.state()).isEqualTo(State.FAILED);
        assertThat(broken.failure()).contains("acme.broken.Broken", "IllegalStateException: no licence");
        assertThat(broken.provides()).containsExactly("post-processor acme-fine");
        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-broken"))
                .hasMessageContaining("no licence");
    }

    @Test
    void aRegisteredClassThatDoesNotLoadFailsItsPluginNamingTheClassAndTheRestWorks() throws Exception {
        jar("halfbuilt.jar").id("acme-halfbuilt")
                .postProcessor("acme.halfbuilt.Fine", "acme-fine", "")
                .service("dev.kiln.api.PostProcessor", "acme.halfbuilt.Missing")
                .build();

        PluginLoader.Result result = load();

        PluginReport halfBuilt = report(result, "acme-halfbuilt");
        assertThat(halfBuilt.state()).isEqualTo(State.FAILED);
        assertThat(halfBuilt.failure()).contains("acme.halfbuilt.Missing", "ClassNotFoundException");
        assertThat(halfBuilt.provides()).containsExactly("post-processor acme-fine");
        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-fine")).isNotNull();
    }

    @Test
    void pluginBundlingItsOwnKilnApiStillImplementsKilnsInterfaces() throws Exception {
        jar("shaded.jar").id("acme-shaded").bundlingKilnApi()
                .postProcessor("acme.shaded.Shaded", "acme-shaded", "").build();

        PluginLoader.Result result = load();

        assertThat(report(result, "acme-shaded").state()).isEqualTo(State.STARTED);
        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-shaded").component())
                .isInstanceOf(dev.kiln.api.PostProcessor.class);
    }

    @Test
    void aPluginGetsKilnsJacksonEvenWhenItBundlesItsOwn() throws Exception {
        // a config record may hold a JsonNode, which the runtime makes: the plugin has to see Kiln's class
        jar("jacksonish.jar").id("acme-jacksonish")
                .source("com.fasterxml.jackson.databind.JsonNode",
                        "package com.fasterxml.jackson.databind; public abstract class JsonNode { }")
                .postProcessor("acme.jacksonish.Jacksonish", "acme-jacksonish", "").build();

        PluginLoader.Result result = load();

        Object component = result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-jacksonish").component();
        assertThat(component.getClass().getClassLoader().loadClass("com.fasterxml.jackson.databind.JsonNode"))
                .isSameAs(JsonNode.class);
    }

    @Test
    void missingDependencyIsNamed() throws Exception {
        jar("needy.jar").id("acme-needy").manifest("Plugin-Dependencies", "acme-absent")
                .postProcessor("acme.needy.Needy", "acme-needy", "").build();

        PluginLoader.Result result = load();

        PluginReport needy = report(result, "acme-needy");
        assertThat(needy.state()).isEqualTo(State.FAILED);
        assertThat(needy.failure()).contains("needs the plugin 'acme-absent'");
    }

    @Test
    void builtInTypeMissingNamesThePluginThatWouldProvideIt() {
        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "docker-tag"))
                .hasMessageContaining("provided by the plugin 'kiln-plugin-docker-tag', which is not installed");
    }

    @Test
    void foldersAreSearchedInOrderAndOnlyWhenTheyExist() throws Exception {
        Path cli = Files.createDirectories(plugins.resolve("cli"));
        Path env = Files.createDirectories(plugins.resolve("env"));
        Path home = Files.createDirectories(plugins.resolve("home"));
        Path user = Files.createDirectories(home.resolve(".kiln/plugins"));
        Path install = Files.createDirectories(plugins.resolve("install"));
        Files.createDirectories(install.resolve("plugins"));

        List<Path> folders = PluginFolders.resolve(List.of(cli), java.util.Map.of("KILN_PLUGIN_PATH",
                env + java.io.File.pathSeparator + plugins.resolve("missing")), home, install);

        assertThat(folders).containsExactly(cli, env, user, install.resolve("plugins"));
    }

    @Test
    void aPluginDirThatDoesNotExistIsAnErrorNamingIt() {
        Path missing = plugins.resolve("nowhere");

        assertThatThrownBy(() -> PluginFolders.resolve(List.of(missing), java.util.Map.of(), null, null))
                .isInstanceOf(KilnException.class)
                .hasMessage("Plugin folder '" + missing + "' (--plugin-dir) does not exist; create it or fix the path.");
    }

    @Test
    void aPluginDirThatIsAFileIsAnErrorNamingItAndItsFolder() throws Exception {
        Path file = jar("acme-good-1.0.0.jar").id("acme-good").build();

        assertThatThrownBy(() -> PluginFolders.resolve(List.of(file), java.util.Map.of(), null, null))
                .isInstanceOf(KilnException.class)
                .hasMessage("Plugin folder '" + file + "' (--plugin-dir) is a file, not a folder; pass the folder "
                        + "that holds it, '" + plugins + "'.");
    }

    @Test
    void aKilnPluginPathEntryThatIsAFileIsAWarningWhileMissingDefaultsAreSilent() throws Exception {
        Path file = jar("acme-good-1.0.0.jar").id("acme-good")
                .postProcessor("acme.good.Good", "acme-good", "").build();
        Path home = Files.createDirectories(plugins.resolve("home"));   // no .kiln/plugins in it

        List<Path> folders = PluginFolders.resolve(List.of(), java.util.Map.of("KILN_PLUGIN_PATH",
                file + java.io.File.pathSeparator + plugins.resolve("missing")), home, plugins.resolve("install"));
        PluginLoader.Result result = PluginLoader.load(folders, "0.1.0-SNAPSHOT", NO_CLASS_PATH_COMPONENTS);

        assertThat(result.registry().problems()).containsExactly("Plugin folder '" + file + "' is a file, not a "
                + "folder, so no plugins are loaded from it; name the folder that holds plugin files instead.");
        assertThat(result.warnings()).isEqualTo(result.registry().problems());
        assertThat(result.folders()).isEmpty();
        assertThat(result.plugins()).isEmpty();
    }

    @Test
    void aPluginThatRegistersNothingIsAWarningAndNotStarted() throws Exception {
        Path empty = jar("acme-empty-1.0.0.jar").id("acme-empty")
                .source("acme.empty.Unlisted", "package acme.empty; public final class Unlisted { }").build();

        PluginLoader.Result result = load();

        PluginReport report = report(result, "acme-empty");
        assertThat(report.state()).isEqualTo(State.NO_COMPONENTS);
        assertThat(report.provides()).isEmpty();
        assertThat(report.failure()).isEqualTo("Plugin 'acme-empty' (" + empty + ") registers no components: none "
                + "of its META-INF/services files for dev.kiln.api.Builder, Provisioner, PostProcessor or "
                + "CommunicatorFactory names a class, so it provides nothing.");
        assertThat(result.registry().problems()).containsExactly(report.failure());
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aLibraryPluginThatAnotherPluginDependsOnNeedsNoComponents() throws Exception {
        jar("acme-lib-1.0.0.jar").id("acme-lib")
                .source("acme.lib.Shared", "package acme.lib; public final class Shared { }").build();
        jar("acme-user-1.0.0.jar").id("acme-user").manifest("Plugin-Dependencies", "acme-lib")
                .postProcessor("acme.user.User", "acme-user", "").build();

        PluginLoader.Result result = load();

        assertThat(report(result, "acme-lib").state()).isEqualTo(State.STARTED);
        assertThat(report(result, "acme-user").state()).isEqualTo(State.STARTED);
        assertThat(result.registry().problems()).isEmpty();
    }

    /** Five plugins: two declare a post-processor each, one a library they use, one a communicator, one nothing. */
    private void declaringPlugins() throws Exception {
        jar("acme-lib-1.0.0.jar").id("acme-lib").manifest(PluginDeclaration.MANIFEST_ATTRIBUTE, "")
                .source("acme.lib.Shared", "package acme.lib; public final class Shared { }").build();
        jar("acme-a-1.0.0.jar").id("acme-a").manifest("Plugin-Dependencies", "acme-lib@>=1.0")
                .manifest(PluginDeclaration.MANIFEST_ATTRIBUTE, "post-processor acme-a")
                .postProcessor("acme.a.A", "acme-a", "").build();
        jar("acme-b-1.0.0.jar").id("acme-b").manifest(PluginDeclaration.MANIFEST_ATTRIBUTE, "post-processor  acme-b")
                .postProcessor("acme.b.B", "acme-b", "").build();
        jar("acme-old-1.0.0.jar").id("acme-old").postProcessor("acme.old.Old", "acme-old", "").build();
        jar("acme-comm-1.0.0.jar").id("acme-comm")
                .manifest(PluginDeclaration.MANIFEST_ATTRIBUTE, "communicator acme-comm, post-processor acme-c")
                .postProcessor("acme.comm.C", "acme-c", "").build();
    }

    @Test
    void aTemplateGetsThePluginsDeclaringWhatItUsesTheirDependenciesCommunicatorsAndThoseThatDeclareNothing()
            throws Exception {
        declaringPlugins();

        PluginLoader.Result result = PluginLoader.load(List.of(plugins), "0.1.0-SNAPSHOT", NO_CLASS_PATH_COMPONENTS,
                java.util.Set.of("post-processor acme-a"));

        assertThat(result.plugins()).extracting(PluginReport::id)
                .containsExactlyInAnyOrder("acme-lib", "acme-a", "acme-old", "acme-comm");
        assertThat(result.complete()).isFalse();
        assertThat(result.registry().types(ComponentKind.POST_PROCESSOR)).containsExactly("acme-a", "acme-c", "acme-old");
        assertThat(result.covers(java.util.Set.of("post-processor acme-a", "post-processor acme-old"))).isTrue();
        assertThat(result.covers(java.util.Set.of("post-processor acme-b"))).isFalse();
        assertThat(result.covers(null)).as("every plugin").isFalse();
        assertThat(result.warnings()).as("a declaration that is not what is registered").singleElement().asString()
                .contains("declares communicator acme-comm, post-processor acme-c (Kiln-Components) but registers "
                        + "post-processor acme-c");
    }

    @Test
    void aNeedThatNoPluginDeclaresLoadsEveryPluginForItsError() throws Exception {
        declaringPlugins();

        PluginLoader.Result result = PluginLoader.load(List.of(plugins), "0.1.0-SNAPSHOT", NO_CLASS_PATH_COMPONENTS,
                java.util.Set.of("post-processor acme-a", "post-processor acme-bb"));

        assertThat(result.complete()).isTrue();
        assertThat(result.plugins()).hasSize(5);
        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-bb"))
                .hasMessageContaining("did you mean 'acme-b'?");
    }

    @Test
    void aDeclaredNeedLoadsTheSameComponentsAsLoadingEverything() throws Exception {
        declaringPlugins();
        PluginLoader.Result all = load();

        PluginLoader.Result some = PluginLoader.load(List.of(plugins), "0.1.0-SNAPSHOT", NO_CLASS_PATH_COMPONENTS,
                java.util.Set.of("post-processor acme-b"));

        assertThat(some.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-b").origin())
                .isEqualTo(all.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-b").origin());
        assertThat(report(all, "acme-b").state()).isEqualTo(State.STARTED);
        assertThat(all.warnings()).as("blanks inside a declared entry do not matter")
                .noneMatch(warning -> warning.contains("acme-b"));
    }

    @Test
    void thePluginIdInTwoFoldersIsTakenFromTheFirstFolderAndTheOtherIsRefusedInOneLine() throws Exception {
        Path first = Files.createDirectories(plugins.resolve("first"));
        Path second = Files.createDirectories(plugins.resolve("second"));
        Path used = new PluginJar(first.resolve("acme-thing-1.0.0.jar")).id("acme-thing")
                .postProcessor("acme.thing.Thing", "acme-thing", "").build();
        Path ignored = new PluginJar(second.resolve("acme-thing-2.0.0.jar")).id("acme-thing")
                .manifest("Plugin-Version", "2.0.0").postProcessor("acme.thing.Thing", "acme-thing", "").build();
        // pf4j on its own loads the oldest file first, whatever its folder; the folder order must win
        Files.setLastModifiedTime(used, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        Files.setLastModifiedTime(ignored, java.nio.file.attribute.FileTime.fromMillis(0));

        PluginLoader.Result result = PluginLoader.load(List.of(first, second), "0.1.0", NO_CLASS_PATH_COMPONENTS);

        String line = "Plugin 'acme-thing' is in both " + used + " and " + ignored + "; using " + used
                + " (its folder is searched first) and ignoring " + ignored + ".";
        assertThat(result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-thing").origin())
                .isEqualTo(used.toString());
        assertThat(result.plugins()).extracting(PluginReport::id, PluginReport::version, PluginReport::file,
                PluginReport::state).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme-thing", "1.0.0", used.toString(), State.STARTED),
                        org.assertj.core.groups.Tuple.tuple("acme-thing", "2.0.0", ignored.toString(), State.REFUSED));
        assertThat(report(result, "acme-thing").failure()).isNull();
        assertThat(result.plugins().get(1).failure()).isEqualTo(line);
        assertThat(result.registry().problems()).containsExactly(line);
    }

    @Test
    void aFirstCopyThatDoesNotWorkIsNotSaidToBeUsed() throws Exception {
        Path first = Files.createDirectories(plugins.resolve("first"));
        Path second = Files.createDirectories(plugins.resolve("second"));
        Path stale = new PluginJar(first.resolve("acme-thing-0.9.0.jar")).id("acme-thing")
                .manifest("Plugin-Requires", ">=9.0.0").postProcessor("acme.thing.Thing", "acme-thing", "").build();
        Path hidden = new PluginJar(second.resolve("acme-thing-1.0.0.jar")).id("acme-thing")
                .postProcessor("acme.thing.Thing", "acme-thing", "").build();

        PluginLoader.Result result = PluginLoader.load(List.of(first, second), "0.1.0", NO_CLASS_PATH_COMPONENTS);

        assertThat(result.plugins()).extracting(PluginReport::file, PluginReport::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(stale.toString(), State.REFUSED),
                org.assertj.core.groups.Tuple.tuple(hidden.toString(), State.REFUSED));
        assertThat(result.registry().problems()).contains("Plugin 'acme-thing' is in both " + stale + " and " + hidden
                + "; " + stale + " comes first (its folder is searched first) but does not work (see its own line), "
                + "and it hides " + hidden + "; remove or update " + stale + ".");
    }

    @Test
    void thePluginIdTwiceInOneFolderIsTakenFromTheFirstByName() throws Exception {
        Path older = jar("acme-thing-1.0.0.jar").id("acme-thing")
                .postProcessor("acme.thing.Thing", "acme-thing", "").build();
        Path newer = jar("acme-thing-1.1.0.jar").id("acme-thing").manifest("Plugin-Version", "1.1.0")
                .postProcessor("acme.thing.Thing", "acme-thing", "").build();
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        Files.setLastModifiedTime(newer, java.nio.file.attribute.FileTime.fromMillis(0));

        PluginLoader.Result result = load();

        assertThat(result.registry().problems()).containsExactly("Plugin 'acme-thing' is in both " + older + " and "
                + newer + "; using " + older + " (first by name in its folder) and ignoring " + newer + ".");
    }

    /** Three plugins that do not work, none of them named like {@code acme-other}. */
    private void threeBrokenPlugins() throws Exception {
        Files.write(plugins.resolve("acme-zipped.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        jar("acme-broken.jar").id("acme-broken")
                .postProcessor("acme.broken.Broken", "acme-broken", "throw new IllegalStateException(\"no licence\");")
                .build();
        jar("acme-future.jar").id("acme-future").manifest("Plugin-Requires", ">=9.0.0")
                .postProcessor("acme.future.Future", "acme-future", "").build();
    }

    @Test
    void anUnknownTypeCarriesNoFailureOfAPluginThatCouldNotHaveProvidedIt() throws Exception {
        threeBrokenPlugins();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-other"))
                .hasMessage("unknown post-processor type 'acme-other'. No post-processors are installed. Some "
                        + "plugins are not working; 'kiln plugins --verbose' shows why.");
    }

    @Test
    void anUnknownTypeCarriesTheFailureOfThePluginNamedLikeItOnly() throws Exception {
        threeBrokenPlugins();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-broken"))
                .hasMessageContaining("no licence")
                .hasMessageNotContaining("acme-zipped.jar").hasMessageNotContaining("requires Kiln")
                .hasMessageNotContaining("kiln plugins --verbose");
        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-future"))
                .hasMessageContaining("requires Kiln >=9.0.0").hasMessageNotContaining("no licence");
        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-zipped"))
                .hasMessageContaining("acme-zipped.jar' could not be loaded").hasMessageNotContaining("no licence");
    }

    @Test
    void aFailedComponentIsAttachedOnlyToTypesOfItsKind() throws Exception {
        threeBrokenPlugins();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.BUILDER, "acme-broken"))
                .hasMessageNotContaining("no licence").hasMessageContaining("kiln plugins --verbose");
    }

    @Test
    void aComponentIsFoundByItsClassNameWhenThePluginIdSaysNothing() throws Exception {
        jar("acme-tools.jar").id("acme-tools").postProcessor("com.acme.kiln.VsphereExport", "acme-vsphere-export",
                "throw new IllegalStateException(\"no licence\");").build();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.POST_PROCESSOR, "acme-vsphere-export"))
                .hasMessageContaining("no licence");
    }

    @Test
    void aTypeOfAPluginThatRegistersNothingNamesThatPlugin() throws Exception {
        jar("acme-thing-1.0.0.jar").id("acme-thing").build();

        PluginLoader.Result result = load();

        assertThatThrownBy(() -> result.registry().lookup(ComponentKind.BUILDER, "acme-thing"))
                .hasMessageContaining("Plugin 'acme-thing' (").hasMessageContaining("registers no components");
    }
}
