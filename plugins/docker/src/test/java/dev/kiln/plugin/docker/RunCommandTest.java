package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.ConfigException;
import dev.kiln.api.KilnException;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.CreateRequests;
import dev.kiln.docker.engine.HostSpec;
import dev.kiln.docker.engine.HostSpec.GpuRequest;
import dev.kiln.docker.engine.HostSpec.Mount;
import dev.kiln.docker.engine.HostSpec.PortBinding;
import dev.kiln.docker.engine.HostSpec.Ulimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Files the table's rows read: env files and a seccomp profile. */
    private static final Path FILES = files();

    private static ContainerSpec translate(String... args) {
        return RunCommand.translate(List.of(args), name -> "HOME".equals(name) ? "/home/me" : null);
    }

    // ---- every flag: the spec it makes and the create request the engine gets

    /**
     * One row per flag and spelling: the arguments before the image, the spec they make (from a spec of just the
     * image) and the create request's JSON, given as the fields that differ from the request for just the image (JSON
     * pointer to value, single quotes for double quotes).
     */
    static Stream<Arguments> flags() {
        String envFile = FILES.resolve("app.env").toString();
        String seccomp = FILES.resolve("seccomp.json").toString();
        return Stream.of(
                // container side
                row("-d", b -> b),
                row("--detach=false", b -> b),
                row("-i", b -> b.openStdin(true), "/OpenStdin", "true"),
                row("--interactive", b -> b.openStdin(true), "/OpenStdin", "true"),
                row("-t", b -> b.tty(true), "/Tty", "true"),
                row("--tty=1", b -> b.tty(true), "/Tty", "true"),
                row("--entrypoint /bin/sh", b -> b.entrypoint(List.of("/bin/sh")), "/Entrypoint", "['/bin/sh']"),
                row("-e A=1 --env=B=2 -eC=3 -e HOME -e UNSET", b -> b.env("A=1").env("B=2").env("C=3")
                        .env("HOME=/home/me"), "/Env", "['A=1','B=2','C=3','HOME=/home/me']"),
                row("-e A=from-flag --env-file " + envFile, b -> b.env("A=from-file").env("SPACED=  kept  ")
                        .env("HOME=/home/me").env("A=from-flag"),
                        "/Env", "['A=from-file','SPACED=  kept  ','HOME=/home/me','A=from-flag']"),
                row("--env-file=" + envFile, b -> b.env("A=from-file").env("SPACED=  kept  ").env("HOME=/home/me"),
                        "/Env", "['A=from-file','SPACED=  kept  ','HOME=/home/me']"),
                row("-u 1000:1000", b -> b.user("1000:1000"), "/User", "'1000:1000'"),
                row("--user=kiln", b -> b.user("kiln"), "/User", "'kiln'"),
                row("-w /work", b -> b.workingDir("/work"), "/WorkingDir", "'/work'"),
                row("--workdir=/srv", b -> b.workingDir("/srv"), "/WorkingDir", "'/srv'"),
                row("--name builder", b -> b.name("builder")),         // name and platform go in the query string
                row("-l x=1 --label=y --label z=a=b", b -> b.label("x", "1").label("y", "").label("z", "a=b"),
                        "/Labels", "{'x':'1','y':'','z':'a=b'}"),
                row("--platform linux/arm64", b -> b.platform("linux/arm64")),
                row("-h box", b -> b.hostname("box"), "/Hostname", "'box'"),
                row("--hostname=box.example.com", b -> b.hostname("box.example.com"),
                        "/Hostname", "'box.example.com'"),
                row("--mac-address 02:42:ac:11:00:02", b -> b.macAddress("02:42:ac:11:00:02"),
                        "/MacAddress", "'02:42:ac:11:00:02'"),
                row("--stop-signal SIGINT", b -> b.stopSignal("SIGINT"), "/StopSignal", "'SIGINT'"),
                row("--stop-signal=9", b -> b.stopSignal("9"), "/StopSignal", "'9'"),
                row("--init", b -> b.init(true), "/HostConfig/Init", "true"),
                row("--init=false", b -> b.init(false), "/HostConfig/Init", "false"),
                // accepted, and left to Kiln: it removes the build container itself and never restarts it
                row("--rm", b -> b),
                row("--rm=true --restart=no", b -> b),
                row("--restart always", b -> b),
                row("--restart=on-failure:3", b -> b),
                // storage
                row("-v /a:/b --volume=/c:/d:ro", b -> b.bind("/a:/b").bind("/c:/d:ro"),
                        "/HostConfig/Binds", "['/a:/b:rw','/c:/d:ro']"),
                row("--mount type=bind,source=/src,target=/dst,readonly,bind-propagation=rslave",
                        b -> b.mount(new Mount("bind", "/src", "/dst", true, "rslave", false, null, null, null, null,
                                null)),
                        "/HostConfig/Mounts", "[{'Type':'bind','Source':'/src','Target':'/dst','ReadOnly':true,"
                                + "'BindOptions':{'Propagation':'rslave'},'VolumeOptions':null,'TmpfsOptions':null,"
                                + "'ImageOptions':null}]"),
                row("--mount=type=volume,src=cache,dst=/cache,volume-nocopy,volume-label=a=b,volume-driver=local,"
                                + "volume-opt=type=tmpfs,ro=false",
                        b -> b.mount(new Mount("volume", "cache", "/cache", false, null, true, Map.of("a", "b"),
                                "local", Map.of("type", "tmpfs"), null, null)),
                        "/HostConfig/Mounts", "[{'Type':'volume','Source':'cache','Target':'/cache','ReadOnly':null,"
                                + "'BindOptions':null,'VolumeOptions':{'NoCopy':true,'Labels':{'a':'b'},"
                                + "'DriverConfig':{'Name':'local','Options':{'type':'tmpfs'}}},'TmpfsOptions':null,"
                                + "'ImageOptions':null}]"),
                row("--mount type=tmpfs,destination=/run,tmpfs-size=64m,tmpfs-mode=1777",
                        b -> b.mount(new Mount("tmpfs", null, "/run", false, null, false, null, null, null,
                                64L << 20, 01777)),
                        "/HostConfig/Mounts", "[{'Type':'tmpfs','Source':null,'Target':'/run','ReadOnly':null,"
                                + "'BindOptions':null,'VolumeOptions':null,"
                                + "'TmpfsOptions':{'SizeBytes':67108864,'Mode':1023},'ImageOptions':null}]"),
                row("--mount target=/anonymous",
                        b -> b.mount(new Mount("volume", null, "/anonymous", false, null, false, null, null, null,
                                null, null)),
                        "/HostConfig/Mounts", "[{'Type':'volume','Source':null,'Target':'/anonymous','ReadOnly':null,"
                                + "'BindOptions':null,'VolumeOptions':null,'TmpfsOptions':null,'ImageOptions':null}]"),
                row("--tmpfs /run:size=64m --tmpfs=/scratch", b -> b.tmpfs("/run", "size=64m").tmpfs("/scratch", ""),
                        "/HostConfig/Tmpfs", "{'/run':'size=64m','/scratch':''}"),
                row("--volumes-from data --volumes-from=logs:ro", b -> b.volumesFrom("data").volumesFrom("logs:ro"),
                        "/HostConfig/VolumesFrom", "['data:rw','logs:ro']"),
                row("--read-only", b -> b.readOnly(true), "/HostConfig/ReadonlyRootfs", "true"),
                // privileges and devices
                row("--privileged", b -> b.privileged(true), "/HostConfig/Privileged", "true"),
                row("--cap-add NET_ADMIN --cap-add=sys_ptrace --cap-drop MKNOD",
                        b -> b.capAdd("NET_ADMIN").capAdd("sys_ptrace").capDrop("MKNOD"),
                        "/HostConfig/CapAdd", "['NET_ADMIN','SYS_PTRACE']", "/HostConfig/CapDrop", "['MKNOD']"),
                row("--security-opt no-new-privileges --security-opt=apparmor=unconfined --security-opt label:disable",
                        b -> b.securityOpt("no-new-privileges").securityOpt("apparmor=unconfined")
                                .securityOpt("label:disable"),
                        "/HostConfig/SecurityOpt", "['no-new-privileges','apparmor=unconfined','label:disable']"),
                row("--security-opt seccomp=" + seccomp,
                        b -> b.securityOpt("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}"),
                        "/HostConfig/SecurityOpt", "['seccomp={\\'defaultAction\\':\\'SCMP_ACT_ALLOW\\',"
                                + "\\'syscalls\\':[]}']"),
                row("--device /dev/fuse --device=/dev/a:/dev/b:r", b -> b.device("/dev/fuse").device("/dev/a:/dev/b:r"),
                        "/HostConfig/Devices", "[{'CgroupPermissions':'rwm','PathInContainer':'/dev/fuse',"
                                + "'PathOnHost':'/dev/fuse'},{'CgroupPermissions':'r','PathInContainer':'/dev/b',"
                                + "'PathOnHost':'/dev/a'}]"),
                row("--gpus all", b -> b.gpu(new GpuRequest(null, -1, null, List.of("gpu"), null)),
                        "/HostConfig/DeviceRequests", "[{'Driver':null,'Count':-1,'DeviceIDs':null,"
                                + "'Capabilities':[['gpu']],'Options':{}}]"),
                row("--gpus=2", b -> b.gpu(new GpuRequest(null, 2, null, List.of("gpu"), null)),
                        "/HostConfig/DeviceRequests", "[{'Driver':null,'Count':2,'DeviceIDs':null,"
                                + "'Capabilities':[['gpu']],'Options':{}}]"),
                row("--gpus \"device=0,1\"",
                        b -> b.gpu(new GpuRequest(null, 0, List.of("0", "1"), List.of("gpu"), null)),
                        "/HostConfig/DeviceRequests", "[{'Driver':null,'Count':0,'DeviceIDs':['0','1'],"
                                + "'Capabilities':[['gpu']],'Options':{}}]"),
                row("--gpus driver=nvidia,count=1,capabilities=utility,options=a=b",
                        b -> b.gpu(new GpuRequest("nvidia", 1, null, List.of("utility", "gpu"), Map.of("a", "b"))),
                        "/HostConfig/DeviceRequests", "[{'Driver':'nvidia','Count':1,'DeviceIDs':null,"
                                + "'Capabilities':[['utility','gpu']],'Options':{'a':'b'}}]"),
                row("--group-add audio --group-add=1000", b -> b.groupAdd("audio").groupAdd("1000"),
                        "/HostConfig/GroupAdd", "['audio','1000']"),
                // networking
                row("--network host", b -> b.network("host"), "/HostConfig/NetworkMode", "'host'"),
                row("--net=none", b -> b.network("none"), "/HostConfig/NetworkMode", "'none'"),
                row("-p 8080:80", b -> b.exposedPort("80/tcp").portBinding(new PortBinding("80/tcp", "", "8080")),
                        "/ExposedPorts", "{'80/tcp':{}}",
                        "/HostConfig/PortBindings", "{'80/tcp':[{'HostIp':'','HostPort':'8080'}]}"),
                row("--publish=127.0.0.1:8080:80/tcp",
                        b -> b.exposedPort("80/tcp").portBinding(new PortBinding("80/tcp", "127.0.0.1", "8080")),
                        "/ExposedPorts", "{'80/tcp':{}}",
                        "/HostConfig/PortBindings", "{'80/tcp':[{'HostIp':'127.0.0.1','HostPort':'8080'}]}"),
                row("--publish 80 -p 127.0.0.1::53/UDP",
                        b -> b.exposedPort("80/tcp").portBinding(new PortBinding("80/tcp", "", ""))
                                .exposedPort("53/udp").portBinding(new PortBinding("53/udp", "127.0.0.1", "")),
                        "/ExposedPorts", "{'80/tcp':{},'53/udp':{}}",
                        "/HostConfig/PortBindings", "{'80/tcp':[{'HostIp':'','HostPort':''}],"
                                + "'53/udp':[{'HostIp':'127.0.0.1','HostPort':''}]}"),
                row("-p8000-8001:9000-9001/sctp",
                        b -> b.exposedPort("9000/sctp").portBinding(new PortBinding("9000/sctp", "", "8000"))
                                .exposedPort("9001/sctp").portBinding(new PortBinding("9001/sctp", "", "8001")),
                        "/ExposedPorts", "{'9000/sctp':{},'9001/sctp':{}}",
                        "/HostConfig/PortBindings", "{'9000/sctp':[{'HostIp':'','HostPort':'8000'}],"
                                + "'9001/sctp':[{'HostIp':'','HostPort':'8001'}]}"),
                row("-p [::1]:8000-8010:80",
                        b -> b.exposedPort("80/tcp").portBinding(new PortBinding("80/tcp", "::1", "8000-8010")),
                        "/ExposedPorts", "{'80/tcp':{}}",
                        "/HostConfig/PortBindings", "{'80/tcp':[{'HostIp':'::1','HostPort':'8000-8010'}]}"),
                row("-p published=8080,target=80,protocol=udp",
                        b -> b.exposedPort("80/udp").portBinding(new PortBinding("80/udp", "", "8080")),
                        "/ExposedPorts", "{'80/udp':{}}",
                        "/HostConfig/PortBindings", "{'80/udp':[{'HostIp':'','HostPort':'8080'}]}"),
                row("-P", b -> b.publishAll(true), "/HostConfig/PublishAllPorts", "true"),
                row("--publish-all=true", b -> b.publishAll(true), "/HostConfig/PublishAllPorts", "true"),
                row("--expose 80 --expose=7000-7001/udp -p 8080:80",
                        b -> b.exposedPort("80/tcp").exposedPort("7000/udp").exposedPort("7001/udp")
                                .portBinding(new PortBinding("80/tcp", "", "8080")),
                        "/ExposedPorts", "{'80/tcp':{},'7000/udp':{},'7001/udp':{}}",
                        "/HostConfig/PortBindings", "{'80/tcp':[{'HostIp':'','HostPort':'8080'}]}"),
                row("--dns 10.0.0.2 --dns=2001:db8::53", b -> b.dns("10.0.0.2").dns("2001:db8::53"),
                        "/HostConfig/Dns", "['10.0.0.2','2001:db8::53']"),
                row("--dns-search example.com --dns-search=.", b -> b.dnsSearch("example.com").dnsSearch("."),
                        "/HostConfig/DnsSearch", "['example.com','.']"),
                row("--add-host db:10.0.0.2", b -> b.extraHost("db:10.0.0.2"),
                        "/HostConfig/ExtraHosts", "['db:10.0.0.2']"),
                row("--link db --link=cache:redis", b -> b.link("db").link("cache:redis"),
                        "/HostConfig/Links", "['db:db','cache:redis']"),
                // resources
                row("--shm-size 64m", b -> b.shmSize(64L << 20), "/HostConfig/ShmSize", "67108864"),
                row("-m 1g", b -> b.memory(1L << 30), "/HostConfig/Memory", "1073741824"),
                row("--memory=512k", b -> b.memory(512L << 10), "/HostConfig/Memory", "524288"),
                row("--memory-swap 2g", b -> b.memorySwap(2L << 30), "/HostConfig/MemorySwap", "2147483648"),
                row("--memory-swap=-1", b -> b.memorySwap(-1L), "/HostConfig/MemorySwap", "-1"),
                row("--cpus 1.5", b -> b.nanoCpus(1_500_000_000L), "/HostConfig/NanoCpus", "1500000000"),
                row("--cpu-shares 512", b -> b.cpuShares(512), "/HostConfig/CpuShares", "512"),
                row("-c=256", b -> b.cpuShares(256), "/HostConfig/CpuShares", "256"),
                row("-c128", b -> b.cpuShares(128), "/HostConfig/CpuShares", "128"),
                row("--cpuset-cpus 0-1", b -> b.cpusetCpus("0-1"), "/HostConfig/CpusetCpus", "'0-1'"),
                row("--cpuset-cpus=0,2", b -> b.cpusetCpus("0,2"), "/HostConfig/CpusetCpus", "'0,2'"),
                row("--pids-limit 100", b -> b.pidsLimit(100L), "/HostConfig/PidsLimit", "100"),
                row("--pids-limit=-1", b -> b.pidsLimit(-1L), "/HostConfig/PidsLimit", "-1"),
                row("--ulimit nofile=1024:2048 --ulimit=nproc=64 --ulimit core=-1 --ulimit nofile=10:20",
                        b -> b.ulimit(new Ulimit("nofile", 10, 20)).ulimit(new Ulimit("nproc", 64, 64))
                                .ulimit(new Ulimit("core", -1, -1)),
                        "/HostConfig/Ulimits", "[{'Name':'nofile','Soft':10,'Hard':20},"
                                + "{'Name':'nproc','Soft':64,'Hard':64},{'Name':'core','Soft':-1,'Hard':-1}]"),
                row("--oom-kill-disable", b -> b.oomKillDisable(true), "/HostConfig/OomKillDisable", "true"),
                row("--sysctl net.ipv4.ip_forward=1 --sysctl=kernel.shmmax=1024",
                        b -> b.sysctl("net.ipv4.ip_forward", "1").sysctl("kernel.shmmax", "1024"),
                        "/HostConfig/Sysctls", "{'net.ipv4.ip_forward':'1','kernel.shmmax':'1024'}"),
                // namespaces and runtime
                row("--ipc host", b -> b.ipc("host"), "/HostConfig/IpcMode", "'host'"),
                row("--ipc=container:db", b -> b.ipc("container:db"), "/HostConfig/IpcMode", "'container:db'"),
                row("--pid host", b -> b.pid("host"), "/HostConfig/PidMode", "'host'"),
                row("--uts=host", b -> b.uts("host"), "/HostConfig/UTSMode", "'host'"),
                row("--userns host", b -> b.userns("host"), "/HostConfig/UsernsMode", "'host'"),
                row("--cgroupns=private", b -> b.cgroupns("private"), "/HostConfig/CgroupnsMode", "'private'"),
                row("--runtime runc", b -> b.runtime("runc"), "/HostConfig/Runtime", "'runc'"),
                // logging
                row("--log-driver none", b -> b.logDriver("none"),
                        "/HostConfig/LogConfig", "{'Type':'none','Config':null}"),
                row("--log-driver=json-file --log-opt max-size=10m --log-opt=max-file=3",
                        b -> b.logDriver("json-file").logOption("max-size", "10m").logOption("max-file", "3"),
                        "/HostConfig/LogConfig", "{'Type':'json-file','Config':{'max-size':'10m','max-file':'3'}}"),
                row("--log-opt tag=kiln", b -> b.logOption("tag", "kiln"),
                        "/HostConfig/LogConfig", "{'Type':null,'Config':{'tag':'kiln'}}"));
    }

    private static Arguments row(String flags, UnaryOperator<ContainerSpec.Builder> spec, String... json) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < json.length; i += 2) {
            fields.put(json[i], json[i + 1]);
        }
        return arguments(flags, spec, fields);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void eachFlagReachesTheSpecAndTheCreateRequest(String flags, UnaryOperator<ContainerSpec.Builder> expected,
                                                    Map<String, String> changedFields) throws IOException {
        List<String> args = new ArrayList<>(List.of(flags.split(" ")));
        args.add("img");

        ContainerSpec spec = translate(args.toArray(String[]::new));

        assertThat(spec).isEqualTo(expected.apply(ContainerSpec.builder("img")).build());
        ObjectNode request = CreateRequests.json(ContainerSpec.builder("img").build());
        for (Map.Entry<String, String> field : changedFields.entrySet()) {
            put(request, field.getKey(), JSON.readTree(field.getValue().replace("\\'", "\u0000").replace('\'', '"')
                    .replace("\u0000", "\\\"")));
        }
        assertThat(CreateRequests.json(spec)).isEqualTo(request);
    }

    private static void put(ObjectNode root, String pointer, JsonNode value) {
        String[] names = pointer.substring(1).split("/");
        ObjectNode parent = root;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.has(names[i]) ? (ObjectNode) parent.get(names[i]) : parent.putObject(names[i]);
        }
        // The request leaves unset fields out, where docker-java sent nulls: a null here is a field not sent.
        parent.set(names[names.length - 1], withoutNulls(value));
    }

    private static JsonNode withoutNulls(JsonNode value) {
        if (value instanceof ObjectNode object) {
            object.remove(object.properties().stream().filter(e -> e.getValue().isNull()).map(Map.Entry::getKey)
                    .toList());
            object.forEach(RunCommandTest::withoutNulls);
        } else if (value.isArray()) {
            value.forEach(RunCommandTest::withoutNulls);
        }
        return value;
    }

    private static Path files() {
        try {
            Path dir = Files.createTempDirectory("kiln-run-command-test");
            dir.toFile().deleteOnExit();
            Path env = Files.writeString(dir.resolve("app.env"), "\uFEFF# settings\n\n  A=from-file\r\n"
                    + "SPACED=  kept  \nHOME\nUNSET\n", StandardCharsets.UTF_8);
            Path seccomp = Files.writeString(dir.resolve("seccomp.json"),
                    "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [ ]\n}\n");
            env.toFile().deleteOnExit();
            seccomp.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- values refused, each named with why and what to write instead

    static Stream<Arguments> badValues() {
        String missing = FILES.resolve("missing.env").toString();
        return Stream.of(
                arguments("-p 80:abc", "run_command: flag '-p' value '80:abc' has container port 'abc', which is not "
                        + "a port (0-65535) or a range such as '8000-8010'; use [ip:][host-port:]container-port"
                        + "[/protocol], e.g. '8080:80', '127.0.0.1:8080:80/tcp', '80' or '8000-8010:8000-8010'"),
                arguments("--publish=70000:80", "run_command: flag '--publish' value '70000:80' has host port '70000', "
                        + "which is not a port"),
                arguments("-p 8080:80/icmp", "run_command: flag '-p' value '8080:80/icmp' has protocol 'icmp'; use "
                        + "tcp, udp or sctp"),
                arguments("-p 1.2.3:80:80", "run_command: flag '-p' value '1.2.3:80:80' has '1.2.3', which is not an "
                        + "IP address"),
                arguments("-p 8000-8002:80-81", "run_command: flag '-p' value '8000-8002:80-81' maps container ports "
                        + "80-81 to host ports 8000-8002 of another length"),
                arguments("-p 8080:", "run_command: flag '-p' value '8080:' has no container port"),
                arguments("--expose 8080:80", "run_command: flag '--expose' value '8080:80' has a ':', but --expose "
                        + "takes container ports only"),
                arguments("--ulimit nofile", "run_command: flag '--ulimit' value 'nofile' is not name=soft[:hard]; "
                        + "use name=soft[:hard], e.g. 'nofile=1024:2048'"),
                arguments("--ulimit=files=10", "run_command: flag '--ulimit' value 'files=10' names no known limit "
                        + "'files'; use one of as, core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, "
                        + "nproc, rss, rtprio, rttime, sigpending, stack"),
                arguments("--ulimit nofile=many", "run_command: flag '--ulimit' value 'nofile=many' has a limit that "
                        + "is not a whole number; use name=soft[:hard], e.g. 'nofile=1024:2048'"),
                arguments("--ulimit nofile=2048:1024", "run_command: flag '--ulimit' value 'nofile=2048:1024' has a "
                        + "soft limit above the hard limit (2048 > 1024)"),
                arguments("--env-file " + missing, "run_command: flag '--env-file' value '" + missing + "' names an "
                        + "env file Kiln cannot read (NoSuchFileException); check the path, which is relative to "
                        + "the working directory '" + Path.of("").toAbsolutePath() + "'"),
                arguments("--mount type=bind,source=/src", "run_command: flag '--mount' value 'type=bind,source=/src' "
                        + "has no target; use e.g."),
                arguments("--mount type=bind,target=/dst", "run_command: flag '--mount' value 'type=bind,target=/dst' "
                        + "is a bind mount without a source"),
                arguments("--mount type=tmpfs,target=/t,volume-nocopy", "run_command: flag '--mount' value "
                        + "'type=tmpfs,target=/t,volume-nocopy' mixes 'volume-*' options with type 'tmpfs'"),
                arguments("--mount type=bind,src=/a,dst=/b,size=1", "run_command: flag '--mount' value "
                        + "'type=bind,src=/a,dst=/b,size=1' has unknown key 'size'"),
                arguments("--mount type=image,target=/b", "run_command: flag '--mount' value 'type=image,target=/b' "
                        + "has type 'image'; use bind, volume or tmpfs"),
                arguments("--gpus some", "run_command: flag '--gpus' value 'some' has count 'some', which is neither "
                        + "'all' nor a whole number"),
                arguments("--gpus count=1,count=2", "run_command: flag '--gpus' value 'count=1,count=2' gives 'count' "
                        + "twice"),
                arguments("--restart sometimes", "run_command: flag '--restart' value 'sometimes' is not a restart "
                        + "policy; use 'no', 'always', 'unless-stopped' or 'on-failure[:max-retries]'"),
                arguments("--restart always:3", "run_command: flag '--restart' value 'always:3' has a retry count, "
                        + "which only 'on-failure' takes"),
                arguments("--rm --restart=always", "run_command: flags '--rm' and '--restart=always' conflict, as in "
                        + "docker; drop --restart (Kiln never restarts a build container and removes it itself)"),
                arguments("--sysctl kernel.hostname=x", "run_command: flag '--sysctl' value 'kernel.hostname=x' is "
                        + "not key=value for a kernel parameter docker allows in a container"),
                arguments("--dns dns.example.com", "run_command: flag '--dns' value 'dns.example.com' is not an IP "
                        + "address; use e.g. '10.0.0.2' or '2001:db8::53'"),
                arguments("--dns-search -bad-", "run_command: flag '--dns-search' value '-bad-' is not a domain name"),
                arguments("--mac-address 02:42:ac:11:00", "run_command: flag '--mac-address' value '02:42:ac:11:00' "
                        + "is not a MAC address"),
                arguments("--ipc sharable", "run_command: flag '--ipc' value 'sharable' is not a mode docker knows; "
                        + "use 'private', 'shareable', 'host', 'none' or 'container:NAME'"),
                arguments("--pid container:", "run_command: flag '--pid' value 'container:' is not a mode docker "
                        + "knows; use 'host' or 'container:NAME'"),
                arguments("--uts private", "run_command: flag '--uts' value 'private' is not a mode docker knows"),
                arguments("--cgroupns=shared", "run_command: flag '--cgroupns' value 'shared' is not a mode docker "
                        + "knows; use 'host' or 'private'"),
                arguments("--memory-swap lots", "run_command: flag '--memory-swap' value 'lots' is not a size such as "
                        + "'2g', or '-1' for unlimited swap"),
                arguments("-c many", "run_command: flag '-c' value 'many' is not a whole number such as '512'"),
                arguments("--pids-limit=1.5", "run_command: flag '--pids-limit' value '1.5' is not a whole number"),
                arguments("--cpuset-cpus 0-", "run_command: flag '--cpuset-cpus' value '0-' is not a list of CPUs"),
                arguments("--security-opt apparmor", "run_command: flag '--security-opt' value 'apparmor' is not "
                        + "key=value"),
                arguments("--security-opt seccomp=" + missing, "run_command: flag '--security-opt' value 'seccomp="
                        + missing + "' names a seccomp profile Kiln cannot read (NoSuchFileException)"),
                arguments("--stop-signal=SIG-TERM", "run_command: flag '--stop-signal' value 'SIG-TERM' is not a "
                        + "signal"),
                arguments("--link a:b:c", "run_command: flag '--link' value 'a:b:c' is not name[:alias]"),
                arguments("--volumes-from data:z", "run_command: flag '--volumes-from' value 'data:z' is not "
                        + "container[:ro|rw]"),
                arguments("--log-driver none --log-opt max-size=1m", "run_command: flag '--log-opt' cannot be used "
                        + "with '--log-driver=none'; drop one"),
                arguments("--init=maybe", "run_command: flag '--init' takes true or false, not 'maybe'"),
                arguments("-X", "run_command: flag '-X' is not supported; supported: -d/--detach, "),
                arguments("--cidfile=/tmp/id", "run_command: flag '--cidfile' is not supported; supported: "
                        + "-d/--detach, "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreRefusedClearly(String flags, String message) {
        List<String> args = new ArrayList<>(List.of(flags.split(" ")));
        args.add("img");
        assertThatThrownBy(() -> translate(args.toArray(String[]::new)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void anEnvFileWithABadLineNamesTheLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.env"), "A=1\nMY VAR=2\n");
        assertThatThrownBy(() -> translate("--env-file", file.toString(), "img"))
                .hasMessage("run_command: flag '--env-file' value '" + file + "' has variable 'MY VAR' with "
                        + "whitespace on line 2; write KEY=value with no space in or after the name");
    }

    @Test
    void theSupportedListNamesEveryFlagWithItsShortForm() {
        assertThat(RunCommand.SUPPORTED).startsWith("-d/--detach, -i/--interactive, -t/--tty, --entrypoint, ")
                .contains("--network/--net", "-p/--publish", "-P/--publish-all", "-h/--hostname", "-c/--cpu-shares",
                        "--env-file", "--ulimit", "--mount", "--gpus", "--log-opt", "--rm", "--restart")
                .endsWith("--log-driver, --log-opt");
    }

    /** Every flag of the table reaches its case of the switch: a missing one would throw IllegalStateException. */
    @Test
    void everyFlagInTheTableHasItsCase() {
        List<String> names = RunCommand.flagNames();
        assertThat(names).hasSizeGreaterThan(55).contains("detach", "net", "log-opt");
        for (String name : names) {
            for (String value : List.of("true", "x")) {
                try {
                    translate("--" + name + "=" + value, "img");
                } catch (ConfigException refusedValue) {
                    assertThat(refusedValue).as(name).hasMessageStartingWith("run_command: ");
                }
            }
        }
    }

    @Test
    void anUnknownLogDriverIsRefusedByValidateBeforeAnythingStarts() {
        assertThat(RunCommand.check(List.of("--log-driver", "acme-logs", "img"))).singleElement().asString()
                .startsWith("run_command: Log driver 'acme-logs' is not one Kiln's engine client can send; use one of "
                        + "none, ")
                .endsWith(" in the --log-driver flag of run_command, or drop it.");
        assertThat(RunCommand.check(List.of("--log-driver", "{{user `driver`}}", "img"))).isEmpty();
        assertThat(RunCommand.check(List.of("--log-driver", "json-file", "img"))).isEmpty();
    }

    @Test
    void checkLeavesTemplatedValuesAloneAndReportsTheRest() {
        assertThat(RunCommand.check(List.of("-p", "{{user `port`}}:80", "--ulimit", "nofile={{user `n`}}",
                "--env-file", "{{user `dir`}}/app.env", "--restart={{user `policy`}}", "--gpus", "{{user `gpus`}}",
                "{{.Image}}"))).isEmpty();
        assertThat(RunCommand.check(List.of("-p", "80:x", "--ulimit", "nofile", "{{.Image}}"))).containsExactly(
                "run_command: flag '-p' value '80:x' has container port 'x', which is not a port (0-65535) or a "
                        + "range such as '8000-8010'; use [ip:][host-port:]container-port[/protocol], e.g. '8080:80', "
                        + "'127.0.0.1:8080:80/tcp', '80' or '8000-8010:8000-8010'",
                "run_command: flag '--ulimit' value 'nofile' is not name=soft[:hard]; use name=soft[:hard], e.g. "
                        + "'nofile=1024:2048'");
    }

    // ---- how arguments are read

    @Test
    void packersDefaultRunCommand() {
        ContainerSpec spec = translate("-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "alpine:3.20");
        assertThat(spec.image()).isEqualTo("alpine:3.20");
        assertThat(spec.entrypoint()).containsExactly("/bin/sh");
        assertThat(spec.cmd()).isEmpty();
        assertThat(spec.tty()).isTrue();
        assertThat(spec.openStdin()).isTrue();
        assertThat(spec.host()).isEqualTo(HostSpec.defaults());
        assertThat(spec.labels()).isEmpty();
    }

    @Test
    void combinedShortFlags() {
        ContainerSpec spec = translate("-dit", "img");
        assertThat(spec.tty()).isTrue();
        assertThat(spec.openStdin()).isTrue();
        assertThat(spec.image()).isEqualTo("img");
        assertThat(translate("-dPh", "box", "img").hostname()).isEqualTo("box");
    }

    @Test
    void combinedShortFlagsEndingWithAValueFlag() {
        ContainerSpec spec = translate("-itu", "app", "img");
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.tty()).isTrue();
        ContainerSpec attached = translate("-itustaff", "img");
        assertThat(attached.user()).isEqualTo("staff");
        assertThat(translate("-itp8080:80", "img").host().portBindings())
                .containsExactly(new PortBinding("80/tcp", "", "8080"));
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
    void emptyEntrypointClearsTheImagesEntrypoint() {
        assertThat(translate("--entrypoint=", "img").entrypoint()).containsExactly("");
        assertThat(translate("--entrypoint", "", "img").entrypoint()).containsExactly("");
    }

    @Test
    void booleanFlagsTakeAnExplicitValue() {
        assertThat(translate("--privileged=false", "img").host().privileged()).isFalse();
        assertThat(translate("--tty=true", "img").tty()).isTrue();
        assertThat(translate("-t=false", "img").tty()).isFalse();
        assertThat(translate("--read-only=0", "img").host().readOnly()).isFalse();
        assertThatThrownBy(() -> translate("--privileged=yes", "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("run_command: flag '--privileged' takes true or false, not 'yes'");
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1k, 1024", "1K, 1024", "2m, 2097152", "2mb, 2097152", "1g, 1073741824",
                "1.5g, 1610612736", "1t, 1099511627776", "3b, 3", "7 m, 7340032"})
    void parseSize(String text, long bytes) {
        assertThat(RunCommandValues.size(text)).isEqualTo(bytes);
    }

    @Test
    void badSizesAndCpusAreNamed() {
        assertThatThrownBy(() -> translate("--memory", "lots", "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("run_command: flag '--memory' value 'lots' is not a size such as '512m' or '2g'");
        assertThatThrownBy(() -> translate("--cpus=0", "img"))
                .hasMessage("run_command: flag '--cpus' value '0' is not more than 0; give a number of CPUs such as "
                        + "'0.5' or '2'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--foo", "--cidfile=/tmp/id", "--health-cmd", "--detach-keys=ctrl-x"})
    void unsupportedFlagsAreRefusedByName(String flag) {
        String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        assertThatThrownBy(() -> translate("-d", flag, "img"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("run_command: flag '" + name + "' is not supported; supported: " + RunCommand.SUPPORTED);
    }

    @Test
    void anUnsupportedShortFlagInsideACombinationIsNamed() {
        assertThatThrownBy(() -> translate("-dXt", "img"))
                .hasMessageStartingWith("run_command: flag '-X' is not supported");
    }

    @Test
    void aMissingValueOrImageIsReported() {
        assertThatThrownBy(() -> translate("-d", "--name"))
                .hasMessage("run_command: flag '--name' needs a value");
        assertThatThrownBy(() -> translate("-d", "-e"))
                .hasMessage("run_command: flag '-e' needs a value");
        assertThatThrownBy(() -> translate("-d", "-p"))
                .hasMessage("run_command: flag '-p' needs a value");
        assertThatThrownBy(() -> translate("-d", "-i", "--"))
                .hasMessageStartingWith("run_command: no image is given");
        assertThatThrownBy(() -> translate())
                .hasMessageStartingWith("run_command: no image is given");
    }

    @Test
    void checkReportsFlagProblemsBeforeRendering() {
        assertThat(RunCommand.check(DockerBuilderConfig.DEFAULT_RUN_COMMAND)).isEmpty();
        assertThat(RunCommand.check(List.of("-d", "--memory", "{{user `mem`}}", "--", "{{.Image}}"))).isEmpty();
        assertThat(RunCommand.check(List.of("-d", "--cidfile", "x", "{{.Image}}")))
                .singleElement().asString().startsWith("run_command: flag '--cidfile' is not supported");
        assertThat(RunCommand.check(List.of("--memory", "lots", "{{.Image}}")))
                .singleElement().asString().contains("'lots' is not a size");
    }

    @Test
    void aLoneDashIsAnArgument() {
        assertThat(translate("img", "-").cmd()).containsExactly("-");
        assertThat(translate("-", "x").image()).isEqualTo("-");
    }
}
