package dev.kiln.plugin.docker;

import dev.kiln.api.ConfigException;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.DockerJavaDriver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Translates {@code docker run} arguments ({@code run_command}, after the flags the builder's own options generate)
 * into a {@link ContainerSpec}, reading each flag's value as the docker CLI (20.10) does. No engine calls; the only
 * files read are those {@code --env-file} and {@code --security-opt seccomp=FILE} name, relative to this process's
 * working directory.
 *
 * <p>Flags come first, in {@code --flag=value}, {@code --flag value}, {@code -f value}, {@code -fvalue} or combined
 * short ({@code -dit}) form; {@code --} or the first argument that is not a flag ends them; then the image and an
 * optional command. Any flag not listed in {@link #SUPPORTED} is refused by name.
 *
 * <p>Accepted and ignored, because Kiln manages the build container's life itself: {@code -d} (the container always
 * runs detached), {@code --rm} (Kiln removes the container when the build ends; the engine removing it on exit would
 * lose a container that failed to start before Kiln could report why) and {@code --restart} (its value is checked,
 * but a build container is never restarted: a restart would silently lose what provisioning did in it). As in
 * docker, {@code --rm} with a {@code --restart} policy other than {@code no} is refused.
 */
final class RunCommand {

    /** Applies a value flag; throws {@link IllegalArgumentException} saying why the value is wrong. */
    @FunctionalInterface
    private interface ValueFlag {
        void apply(Parse parse, String value);
    }

    /** Applies a boolean flag. */
    @FunctionalInterface
    private interface BooleanFlag {
        void apply(Parse parse, boolean on);
    }

    private record Flag(String name, BooleanFlag bool, ValueFlag value) {
        boolean takesValue() {
            return value != null;
        }
    }

    private static final Map<String, Flag> LONG = new LinkedHashMap<>();
    private static final Map<Character, Flag> SHORT = new LinkedHashMap<>();
    private static final List<String> NAMES = new ArrayList<>();

    /** The flags Kiln understands, for messages and the README. */
    static final String SUPPORTED;

    static {
        // what the container runs
        bool("detach", 'd', (p, on) -> { });              // Kiln always runs the container detached
        bool("interactive", 'i', (p, on) -> p.spec.openStdin(on));
        bool("tty", 't', (p, on) -> p.spec.tty(on));
        value("entrypoint", null, (p, v) -> p.spec.entrypoint(List.of(v)));
        value("env", 'e', Parse::env);
        value("env-file", null, (p, v) -> p.fileEnv.addAll(RunCommandValues.envFile(v, p.hostEnv)));
        value("user", 'u', (p, v) -> p.spec.user(v));
        value("workdir", 'w', (p, v) -> p.spec.workingDir(v));
        value("name", null, (p, v) -> p.spec.name(v));
        value("label", 'l', (p, v) -> label(p, v));
        value("platform", null, (p, v) -> p.spec.platform(v));
        value("hostname", 'h', (p, v) -> p.spec.hostname(v));
        value("stop-signal", null, (p, v) -> p.spec.stopSignal(RunCommandValues.signal(v)));
        bool("init", null, (p, on) -> p.spec.init(on));
        bool("rm", null, (p, on) -> p.autoRemove = on);   // accepted: Kiln removes the container itself
        value("restart", null, (p, v) -> p.restart = RunCommandValues.restart(v)); // accepted, never applied
        // storage
        value("volume", 'v', (p, v) -> p.spec.bind(v));
        value("mount", null, (p, v) -> p.spec.mount(RunCommandValues.mount(v)));
        value("tmpfs", null, RunCommand::tmpfs);
        value("volumes-from", null, (p, v) -> p.spec.volumesFrom(RunCommandValues.volumesFrom(v)));
        bool("read-only", null, (p, on) -> p.spec.readOnly(on));
        // privileges and devices
        bool("privileged", null, (p, on) -> p.spec.privileged(on));
        value("cap-add", null, (p, v) -> p.spec.capAdd(v));
        value("cap-drop", null, (p, v) -> p.spec.capDrop(v));
        value("security-opt", null, (p, v) -> p.spec.securityOpt(RunCommandValues.securityOpt(v)));
        value("device", null, (p, v) -> p.spec.device(v));
        value("gpus", null, (p, v) -> p.spec.gpu(RunCommandValues.gpus(v)));
        value("group-add", null, (p, v) -> p.spec.groupAdd(v));
        // networking
        value("network", null, (p, v) -> p.spec.network(v));
        alias("net", "network");
        value("publish", 'p', RunCommand::publish);
        bool("publish-all", 'P', (p, on) -> p.spec.publishAll(on));
        value("expose", null, (p, v) -> RunCommandValues.expose(v).forEach(p.spec::exposedPort));
        value("dns", null, (p, v) -> p.spec.dns(RunCommandValues.ipAddress(v)));
        value("dns-search", null, (p, v) -> p.spec.dnsSearch(RunCommandValues.dnsSearch(v)));
        value("add-host", null, (p, v) -> p.spec.extraHost(v));
        value("mac-address", null, (p, v) -> p.spec.macAddress(RunCommandValues.macAddress(v)));
        value("link", null, (p, v) -> p.spec.link(RunCommandValues.link(v)));
        // resources
        value("shm-size", null, (p, v) -> p.spec.shmSize(RunCommandValues.size(v)));
        value("memory", 'm', (p, v) -> p.spec.memory(RunCommandValues.size(v)));
        value("memory-swap", null, (p, v) -> p.spec.memorySwap(RunCommandValues.memorySwap(v)));
        value("cpus", null, (p, v) -> p.spec.nanoCpus(RunCommandValues.cpus(v)));
        value("cpu-shares", 'c', (p, v) -> p.spec.cpuShares(RunCommandValues.cpuShares(v)));
        value("cpuset-cpus", null, (p, v) -> p.spec.cpusetCpus(RunCommandValues.cpuSet(v)));
        value("pids-limit", null, (p, v) -> p.spec.pidsLimit(RunCommandValues.integer(v, "100")));
        value("ulimit", null, (p, v) -> p.spec.ulimit(RunCommandValues.ulimit(v)));
        bool("oom-kill-disable", null, (p, on) -> p.spec.oomKillDisable(on));
        value("sysctl", null, RunCommand::sysctl);
        // namespaces and runtime
        value("ipc", null, (p, v) -> p.spec.ipc(RunCommandValues.ipc(v)));
        value("pid", null, (p, v) -> p.spec.pid(RunCommandValues.pid(v)));
        value("uts", null, (p, v) -> p.spec.uts(RunCommandValues.hostOnly(v)));
        value("userns", null, (p, v) -> p.spec.userns(RunCommandValues.hostOnly(v)));
        value("cgroupns", null, (p, v) -> p.spec.cgroupns(RunCommandValues.cgroupns(v)));
        value("runtime", null, (p, v) -> p.spec.runtime(v));
        // logging
        value("log-driver", null, (p, v) -> p.logDriver = v);
        value("log-opt", null, RunCommand::logOpt);
        SUPPORTED = String.join(", ", NAMES);
    }

    private RunCommand() {
    }

    private static void bool(String name, Character shorthand, BooleanFlag apply) {
        add(new Flag(name, apply, null), shorthand);
    }

    private static void value(String name, Character shorthand, ValueFlag apply) {
        add(new Flag(name, null, apply), shorthand);
    }

    private static void add(Flag flag, Character shorthand) {
        LONG.put(flag.name(), flag);
        if (shorthand != null) {
            SHORT.put(shorthand, flag);
        }
        NAMES.add((shorthand == null ? "" : "-" + shorthand + "/") + "--" + flag.name());
    }

    private static void alias(String alias, String name) {
        LONG.put(alias, LONG.get(name));
        int at = NAMES.indexOf("--" + name);
        NAMES.set(at, NAMES.get(at) + "/--" + alias);
    }

    /**
     * Translates rendered arguments, reading {@code -e KEY} (without {@code =}) from this process's environment as the
     * docker CLI does.
     *
     * @param args the arguments after {@code docker run}
     * @return the spec
     * @throws ConfigException naming the first problem
     */
    static ContainerSpec translate(List<String> args) {
        return translate(args, System::getenv);
    }

    static ContainerSpec translate(List<String> args, Function<String, String> hostEnv) {
        Parse parse = new Parse(hostEnv, false);
        parse.run(args);
        if (!parse.problems.isEmpty()) {
            throw new ConfigException(parse.problems.get(0));
        }
        return parse.spec();
    }

    /**
     * Checks arguments that are not rendered yet: flag names and structure, and every value that holds no template
     * text ({@code {{ }}}); files that such values name are read as {@link #translate} reads them.
     *
     * @param args the raw {@code run_command}
     * @return every problem found
     */
    static List<String> check(List<String> args) {
        Parse parse = new Parse(name -> null, true);
        parse.run(args);
        return parse.problems;
    }

    private static void label(Parse p, String value) {
        String[] kv = RunCommandValues.keyValue(value);
        p.spec.label(kv[0], kv[1]);
    }

    private static void tmpfs(Parse p, String value) {
        int colon = value.indexOf(':');
        p.spec.tmpfs(colon < 0 ? value : value.substring(0, colon), colon < 0 ? "" : value.substring(colon + 1));
    }

    private static void publish(Parse p, String value) {
        RunCommandValues.publish(value).forEach(binding -> {
            p.spec.exposedPort(binding.containerPort());
            p.spec.portBinding(binding);
        });
    }

    private static void sysctl(Parse p, String value) {
        String[] kv = RunCommandValues.sysctl(value);
        p.spec.sysctl(kv[0], kv[1]);
    }

    private static void logOpt(Parse p, String value) {
        String[] kv = RunCommandValues.keyValue(value);
        p.logOptions.put(kv[0], kv[1]);
    }

    private static final class Parse {
        private final Function<String, String> hostEnv;
        private final boolean lenient;
        private final List<String> problems = new ArrayList<>();
        private final ContainerSpec.Builder spec = ContainerSpec.builder();
        private final List<String> fileEnv = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private boolean autoRemove;
        private String restart;
        private String logDriver;
        private final Map<String, String> logOptions = new LinkedHashMap<>();

        Parse(Function<String, String> hostEnv, boolean lenient) {
            this.hostEnv = hostEnv;
            this.lenient = lenient;
        }

        void run(List<String> args) {
            int i = 0;
            int n = args.size();
            while (i < n) {
                String arg = args.get(i) == null ? "" : args.get(i);
                if (arg.equals("--")) {
                    i++;
                    break;
                }
                if (arg.startsWith("--")) {
                    int eq = arg.indexOf('=');
                    String flagName = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                    Flag flag = LONG.get(flagName);
                    if (flag == null) {
                        unsupported("--" + flagName);
                        return;
                    }
                    String value = eq < 0 ? null : arg.substring(eq + 1);
                    if (flag.takesValue() && value == null) {
                        if (i + 1 >= n) {
                            problems.add("run_command: flag '--" + flagName + "' needs a value");
                            return;
                        }
                        value = args.get(++i);
                    }
                    apply(flag, "--" + flagName, value);
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    String letters = arg.substring(1);
                    for (int j = 0; j < letters.length(); j++) {
                        char c = letters.charAt(j);
                        Flag flag = SHORT.get(c);
                        if (flag == null) {
                            unsupported("-" + c);
                            return;
                        }
                        String rest = letters.substring(j + 1);
                        if (!flag.takesValue()) {
                            if (rest.startsWith("=")) {
                                apply(flag, "-" + c, rest.substring(1));
                                break;
                            }
                            apply(flag, "-" + c, null);
                            continue;
                        }
                        String value = rest.startsWith("=") ? rest.substring(1) : rest;
                        if (value.isEmpty()) {
                            if (i + 1 >= n) {
                                problems.add("run_command: flag '-" + c + "' needs a value");
                                return;
                            }
                            value = args.get(++i);
                        }
                        apply(flag, "-" + c, value);
                        break;
                    }
                } else {
                    break;
                }
                i++;
            }
            finish();
            if (i >= n) {
                problems.add("run_command: no image is given; end it with \"--\", \"{{.Image}}\" as the default does");
                return;
            }
            spec.image(args.get(i));
            spec.cmd(List.copyOf(args.subList(i + 1, n)));
        }

        private void unsupported(String flag) {
            problems.add("run_command: flag '" + flag + "' is not supported; supported: " + SUPPORTED);
        }

        private void apply(Flag flag, String spelled, String value) {
            if (value == null && !flag.takesValue()) {
                flag.bool().apply(this, true);
                return;
            }
            if (lenient && value.contains("{{")) {
                return; // checked once rendered
            }
            try {
                if (flag.takesValue()) {
                    flag.value().apply(this, value);
                } else {
                    flag.bool().apply(this, RunCommandValues.bool(value));
                }
            } catch (IllegalArgumentException e) {
                problems.add(flag.takesValue()
                        ? "run_command: flag '" + spelled + "' value '" + value + "' " + e.getMessage()
                        : "run_command: flag '" + spelled + "' takes true or false, not '" + value + "'");
            }
        }

        private void env(String value) {
            if (value.contains("=")) {
                env.add(value);
            } else {
                String fromHost = hostEnv.apply(value);
                if (fromHost != null) {
                    env.add(value + "=" + fromHost);
                }
            }
        }

        /** What docker checks across flags; env files come before {@code -e}, which overrides them. */
        private void finish() {
            fileEnv.forEach(spec::env);
            env.forEach(spec::env);
            if (autoRemove && restart != null && !restart.isEmpty() && !restart.equals("no")) {
                problems.add("run_command: flags '--rm' and '--restart=" + restart + "' conflict, as in docker; "
                        + "drop --restart (Kiln never restarts a build container and removes it itself)");
            }
            if ("none".equals(logDriver) && !logOptions.isEmpty()) {
                problems.add("run_command: flag '--log-opt' cannot be used with '--log-driver=none'; drop one");
            }
            if (logDriver != null && !(lenient && logDriver.contains("{{"))) {
                String problem = DockerJavaDriver.logDriverProblem(logDriver);
                if (problem != null) {
                    problems.add("run_command: " + problem);
                }
            }
            if (logDriver != null) {
                spec.logDriver(logDriver);
            }
            logOptions.forEach(spec::logOption);
        }

        ContainerSpec spec() {
            return spec.build();
        }
    }
}
