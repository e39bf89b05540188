package dev.kiln.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilnPluginManagerTest {

    @TempDir Path lib;

    private File jar(String name, int size) throws Exception {
        return Files.write(lib.resolve(name), new byte[size]).toFile();
    }

    @Test
    void aPluginFoldersJarsAreSearchedItsOwnFirstThenSmallestFirstThenByName() throws Exception {
        File own = jar("acme-thing-1.0.jar", 5000);
        File huge = jar("bcprov.jar", 9000);
        File small = jar("zz-small.jar", 10);
        File midB = jar("bb-mid.jar", 100);
        File midA = jar("aa-mid.jar", 100);
        File otherPlugin = jar("acme-thingamajig-1.0.jar", 50); // not the plugin's own: another id's prefix

        assertThat(KilnPluginManager.libraryOrder(List.of(huge, midB, otherPlugin, small, own, midA), "acme-thing"))
                .containsExactly(own, small, otherPlugin, midA, midB, huge);
    }

    @Test
    void aJarNamedExactlyAfterThePluginIsItsOwn() throws Exception {
        File own = jar("acme-thing.jar", 5000);
        File small = jar("a.jar", 1);

        assertThat(KilnPluginManager.libraryOrder(List.of(small, own), "acme-thing")).containsExactly(own, small);
    }
}
