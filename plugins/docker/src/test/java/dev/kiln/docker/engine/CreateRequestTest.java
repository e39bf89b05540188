package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The create request built by hand is the JSON docker-java 3.7.1 sent for the same spec (its null fields being the
 * same as absent to the engine), for every field a spec carries.
 */
class CreateRequestTest {

    /** A spec with every field set, to values the engine accepts at create time. */
    static ContainerSpec.Builder everyField(String image) {
        return ContainerSpec.builder(image).entrypoint(List.of("/bin/sh", "-c")).cmd(List.of("echo", "hi"))
                .env("A=1").env("B=two words").tty(true).openStdin(true).user("1:2").workingDir("/w")
                .label("k", "v").label("dev.kiln.x", "").hostname("h").macAddress("02:42:ac:11:00:02")
                .stopSignal("SIGINT").exposedPort("80/tcp").exposedPort("53/udp").exposedPort("90")
                .bind("/tmp:/mnt:ro").bind("/tmp:/b")
                .mount(new HostSpec.Mount("bind", "/tmp", "/y", true, "rslave", false, Map.of(), null, Map.of(),
                        null, null))
                .mount(new HostSpec.Mount("volume", "kiln-test-volume", "/v", false, null, true, Map.of("l", "1"),
                        "local", Map.of(), null, null))
                .mount(new HostSpec.Mount("tmpfs", null, "/t", false, null, false, Map.of(), null, Map.of(),
                        1024L * 1024, 0755))
                .tmpfs("/run", "size=1m").privileged(true).readOnly(true)
                .capAdd("net_admin").capAdd("CAP_SYS_PTRACE").capDrop("CHOWN").securityOpt("no-new-privileges")
                .portBinding(new HostSpec.PortBinding("80/tcp", "127.0.0.1", "8080"))
                .portBinding(new HostSpec.PortBinding("80/tcp", null, "8081"))
                .portBinding(new HostSpec.PortBinding("53/udp", "", ""))
                .publishAll(true).dns("1.1.1.1").dnsSearch("example.com").extraHost("db:10.0.0.2")
                .shmSize(1L << 20).memory(1L << 26).memorySwap(1L << 27).nanoCpus(500_000_000L).cpuShares(512)
                .cpusetCpus("0").pidsLimit(100L).ulimit(new HostSpec.Ulimit("nofile", 1024, 2048))
                .ulimit(new HostSpec.Ulimit("core", -1, -1)).oomKillDisable(true).init(true).ipc("private")
                .pid("host").cgroupns("private").groupAdd("audio").groupAdd("27")
                .sysctl("net.ipv4.ip_forward", "1").runtime("runc").logDriver("json-file")
                .logOption("max-size", "1m").logOption("max-file", "2");
    }

    static Stream<Arguments> specs() {
        return Stream.of(
                spec("defaults", b -> b),
                spec("every field", b -> everyField("img").name("n").platform("linux/amd64")),
                spec("the rest: devices, GPUs, links, volumes-from, user namespace, other network",
                        b -> b.device("/dev/null").device("/dev/null:/dev/nul2").device("/dev/fuse::rw")
                                .gpu(new HostSpec.GpuRequest("nvidia", -1, List.of("0", "1"), List.of("gpu"),
                                        Map.of("a", "b")))
                                .gpu(new HostSpec.GpuRequest(null, 2, List.of(), List.of(), Map.of()))
                                .link("db").link("cache:redis").volumesFrom("other:ro").volumesFrom("third")
                                .userns("host").uts("host").network("none").init(false)),
                spec("mounts with the other options",
                        b -> b.mount(new HostSpec.Mount("volume", "v", "/v", false, null, false, Map.of(), null,
                                        Map.of("o", "p"), null, null))
                                .mount(new HostSpec.Mount("bind", "/a", "/b", false, "private", false, Map.of(), null,
                                        Map.of(), null, null))
                                .mount(new HostSpec.Mount("BIND", "/a", "/c", false, "RSHARED", false, Map.of(), null,
                                        Map.of(), null, null))
                                .mount(new HostSpec.Mount("tmpfs", null, "/t", false, null, false, Map.of(), null,
                                        Map.of(), null, 01777))),
                spec("an empty entrypoint and a log option without a driver",
                        b -> b.entrypoint(List.of()).logOption("tag", "kiln")),
                spec("an entrypoint of one empty string and a log driver without options",
                        b -> b.entrypoint(List.of("")).logDriver("none")));
    }

    private static Arguments spec(String name, UnaryOperator<ContainerSpec.Builder> spec) {
        return Arguments.of(name, spec.apply(ContainerSpec.builder("img")).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theRequestIsWhatDockerJavaSent(String name, ContainerSpec spec) {
        assertThat(CreateRequests.json(spec)).isEqualTo(DockerJavaCreateRequests.json(spec));
    }

    @Test
    void valuesThatCannotBeSentAreRefusedAsBefore() {
        assertThatThrownBy(() -> CreateRequests.json(ContainerSpec.builder("img").capAdd("FLY").build()))
                .isInstanceOf(KilnException.class)
                .hasMessage("cap_add: capability 'FLY' is unknown; use a Linux capability name such as 'NET_ADMIN' or "
                        + "'SYS_PTRACE', or 'ALL'.");
        assertThatThrownBy(() -> CreateRequests.json(ContainerSpec.builder("img").bind("nocolon").build()))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Volume 'nocolon' is not 'host-path:container-path[:options]': ");
        assertThatThrownBy(() -> CreateRequests.json(ContainerSpec.builder("img").device("").build()))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Device '' is not 'host-path[:container-path[:permissions]]'");
        assertThatThrownBy(() -> CreateRequests.json(ContainerSpec.builder("img").logDriver("nope").build()))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Log driver 'nope' is not one Kiln's engine client can send");
    }
}
