package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.docker.ContainerUsers.Owner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerUsersTest {

    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n# comment\n"
            + "app:x:1000:1001:App:/home/app:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n";
    private static final String GROUP = "root:x:0:\nstaff:x:50:app\napp:x:1001:\n";

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "root", "0", "root:staff", "0:0", "ROOT"})
    void rootOrUnsetNeedsNoFix(String user) {
        assertThat(ContainerUsers.isRootOrUnset(user)).isTrue();
    }

    @Test
    void namesAndNumbersResolve() {
        assertThat(ContainerUsers.resolve("app", PASSWD, null)).isEqualTo(new Owner(1000, 1001));
        assertThat(ContainerUsers.resolve("app:staff", PASSWD, GROUP)).isEqualTo(new Owner(1000, 50));
        assertThat(ContainerUsers.resolve("1000", PASSWD, null)).isEqualTo(new Owner(1000, 1001));
        assertThat(ContainerUsers.resolve("1000:7", PASSWD, null)).isEqualTo(new Owner(1000, 7));
        assertThat(ContainerUsers.resolve("4242", PASSWD, null)).isEqualTo(new Owner(4242, 0));
        assertThat(ContainerUsers.resolve("4242", null, null)).isEqualTo(new Owner(4242, 0));
        assertThat(ContainerUsers.resolve("app:1", PASSWD, null)).isEqualTo(new Owner(1000, 1));
    }

    @Test
    void missingNamesAreNamed() {
        assertThatThrownBy(() -> ContainerUsers.resolve("ghost", PASSWD, GROUP))
                .hasMessage("user 'ghost' is not in the container's /etc/passwd");
        assertThatThrownBy(() -> ContainerUsers.resolve("app", null, null))
                .hasMessage("user 'app' is not in the container's /etc/passwd (the image has no /etc/passwd)");
        assertThatThrownBy(() -> ContainerUsers.resolve("app:wheel", PASSWD, GROUP))
                .hasMessage("group 'wheel' is not in the container's /etc/group");
    }
}
