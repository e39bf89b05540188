package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.ConfigException;
import dev.kiln.plugin.docker.driver.ContainerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandTest {

    private static ContainerSpec translate(String... args) {
        return RunCommand.translate(List.of(args), name -> "HOME".equals(name) ? "/home/me" : null);
    }

    @Test
    void packersDefaultRunCommand() {
        ContainerSpec spec = translate("-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "alpine:3.20");
        assertThat(spec.image()).isEqualTo("alpine:3.20");
        assertThat(spec.entrypoint()).containsExactly("/bin/sh");
        assertThat(spec.cmd()).isEmpty();
        assertThat(spec.tty()).isTrue();
        assertThat(spec.openStdin()).isTrue();
        assertThat(spec.host().privileged()).isFalse();
        assertThat(spec.labels()).isEmpty();
    }

    @Test
    void combinedShortFlags() {
        ContainerSpec spec = translate("-dit", "img");
        assertThat(spec.tty()).isTrue();
        assertThat(spec.openStdin()).isTrue();
        assertThat(spec.image()).isEqualTo("img");
    }

    @Test
    void combinedShortFlagsEndingWithAValueFlag() {
        ContainerSpec spec = translate("-itu", "app", "img");
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.tty()).isTrue();
        ContainerSpec attached = translate("-itustaff", "img");
        assertThat(attached.user()).isEqualTo("staff");
    }

    @Test
    void imageAndCommandAfterTheFlags() {
        ContainerSpec spec = translate("-d", "img:1", "sh", "-c", "sleep 1000");
        assertThat(spec.image()).isEqualTo("img:1");
        assertThat(spec.cmd()).containsExactly("sh", "-c", "sleep 1000");
        assertThat(spec.entrypoint()).as("no --entrypoint keeps the image's").isNull();
    }

    @Test
    void doubleDashEndsFlagsEvenBeforeADashedImageArgument() {
        ContainerSpec spec = translate("--", "img", "--rm", "-x");
        assertThat(spec.image()).isEqualTo("img");
        assertThat(spec.cmd()).containsExactly("--rm", "-x");
    }

    @Test
    void valueFlagsInEveryForm() {
        ContainerSpec spec = translate(
                "-v", "/a:/b", "--volume=/c:/d:ro", "--volume", "/e:/f",
                "-e", "A=1", "--env=B=2", "-eC=3", "-e=D=4", "-e", "HOME", "-e", "UNSET",
                "-u", "1000:1000", "-w", "/work", "--workdir=/other",
                "--name", "builder", "-l", "x=1", "--label=y", "--label", "z=a=b",
                "--cap-add", "NET_ADMIN", "--cap-add=SYS_PTRACE", "--cap-drop", "MKNOD",
                "--tmpfs", "/run:size=64m", "--tmpfs=/scratch",
                "--device", "/dev/fuse", "--device=/dev/a:/dev/b:r",
                "--platform", "linux/arm64", "--network=host", "--add-host", "db:10.0.0.2",
                "--privileged",
                "--", "img");
        assertThat(spec.host().binds()).containsExactly("/a:/b", "/c:/d:ro", "/e:/f");
        assertThat(spec.env()).containsExactly("A=1", "B=2", "C=3", "D=4", "HOME=/home/me");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.workingDir()).isEqualTo("/other");
        assertThat(spec.name()).isEqualTo("builder");
        assertThat(spec.labels()).containsExactly(Map.entry("x", "1"), Map.entry("y", ""), Map.entry("z", "a=b"));
        assertThat(spec.host().capAdd()).containsExactly("NET_ADMIN", "SYS_PTRACE");
        assertThat(spec.host().capDrop()).containsExactly("MKNOD");
        assertThat(spec.host().tmpfs()).containsExactly(Map.entry("/run", "size=64m"), Map.entry("/scratch", ""));
        assertThat(spec.host().devices()).containsExactly("/dev/fuse", "/dev/a:/dev/b:r");
        assertThat(spec.platform()).isEqualTo("linux/arm64");
        assertThat(spec.host().network()).isEqualTo("host");
        assertThat(spec.host().extraHosts()).containsExactly("db:10.0.0.2");
        assertThat(spec.host().privileged()).isTrue();
    }

    @Test
    void netIsAnAliasOfNetwork() {
        assertThat(translate("--net", "none", "img").host().network()).isEqualTo("none");
    }

    @Test
    void emptyEntrypointClearsTheImagesEntrypoint() {
        assertThat(translate("--entrypoint=", "img").entrypoint()).containsExactly("");
        assertThat(translate("--entrypoint", "", "img").entrypoint()).containsExactly("");
    }

    @Test
    void booleanFlagsTakeAnExplicitValue() {
        assertThat(translate("--privileged=false", "img").host().privileged()).isFalse();
        assertThat(translate("--tty=true", "img").tty()).isTrue();
        assertThat(translate("-t=false", "img").tty()).isFalse();
        assertThatThrownBy(() -> translate("--privileged=yes", "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("run_command: flag '--privileged' takes true or false, not 'yes'");
    }

    @Test
    void sizesAndCpus() {
        ContainerSpec spec = translate("--shm-size", "64m", "-m", "1g", "--memory=512k", "--cpus", "1.5", "img");
        assertThat(spec.host().shmSize()).isEqualTo(64L << 20);
        assertThat(spec.host().memory()).isEqualTo(512L << 10);
        assertThat(spec.host().nanoCpus()).isEqualTo(1_500_000_000L);
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1k, 1024", "1K, 1024", "2m, 2097152", "2mb, 2097152", "1g, 1073741824",
                "1.5g, 1610612736", "1t, 1099511627776", "3b, 3", "7 m, 7340032"})
    void parseSize(String text, long bytes) {
        assertThat(RunCommand.parseSize(text)).isEqualTo(bytes);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> translate("--memory", "lots", "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("run_command: flag '--memory' value 'lots' is not a size such as '512m' or '2g'");
        assertThatThrownBy(() -> translate("--cpus=0", "img"))
                .hasMessage("run_command: flag '--cpus' value '0' is the number of CPUs must be more than 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rm", "--foo", "--restart=always", "-p", "--publish"})
    void unsupportedFlagsAreRefusedByName(String flag) {
        String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        assertThatThrownBy(() -> translate("-d", flag, "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("run_command: flag '" + name + "' is not supported; supported: -d/--detach, ")
                .hasMessageContaining("--add-host");
    }

    @Test
    void anUnsupportedShortFlagInsideACombinationIsNamed() {
        assertThatThrownBy(() -> translate("-dPt", "img"))
                .hasMessageStartingWith("run_command: flag '-P' is not supported");
    }

    @Test
    void aMissingValueOrImageIsReported() {
        assertThatThrownBy(() -> translate("-d", "--name"))
                .hasMessage("run_command: flag '--name' needs a value");
        assertThatThrownBy(() -> translate("-d", "-e"))
                .hasMessage("run_command: flag '-e' needs a value");
        assertThatThrownBy(() -> translate("-d", "-i", "--"))
                .hasMessageStartingWith("run_command: no image is given");
        assertThatThrownBy(() -> translate())
                .hasMessageStartingWith("run_command: no image is given");
    }

    @Test
    void checkReportsFlagProblemsBeforeRendering() {
        assertThat(RunCommand.check(DockerBuilderConfig.DEFAULT_RUN_COMMAND)).isEmpty();
        assertThat(RunCommand.check(List.of("-d", "--memory", "{{user `mem`}}", "--", "{{.Image}}"))).isEmpty();
        assertThat(RunCommand.check(List.of("-d", "--rm", "{{.Image}}")))
                .singleElement().asString().startsWith("run_command: flag '--rm' is not supported");
        assertThat(RunCommand.check(List.of("--memory", "lots", "{{.Image}}")))
                .singleElement().asString().contains("'lots' is not a size");
    }

    @Test
    void aLoneDashIsAnArgument() {
        assertThat(translate("img", "-").cmd()).containsExactly("-");
        assertThat(translate("-", "x").image()).isEqualTo("-");
    }
}
