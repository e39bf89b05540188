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

    /** A flag's name and whether it takes a value; {@link #set} applies it. */
    private record Flag(String name, boolean takesValue) {
    }

    private static final Map<String, Flag> LONG = new LinkedHashMap<>();
    private static final Map<Character, Flag> SHORT = new LinkedHashMap<>();
    private static final List<String> NAMES = new ArrayList<>();

    /** The flags Kiln understands, for messages and the README. */
    static final String SUPPORTED;

    static {
        // what the container runs
        bool("detach", 'd');
        bool("interactive", 'i');
        bool("tty", 't');
        value("entrypoint", null);
        value("env", 'e');
        value("env-file", null);
        value("user", 'u');
        value("workdir", 'w');
        value("name", null);
        value("label", 'l');
        value("platform", null);
        value("hostname", 'h');
        value("stop-signal", null);
        bool("init", null);
        bool("rm", null);
        value("restart", null);
        // storage
        value("volume", 'v');
        value("mount", null);
        value("tmpfs", null);
        value("volumes-from", null);
        bool("read-only", null);
        // privileges and devices
        bool("privileged", null);
        value("cap-add", null);
        value("cap-drop", null);
        value("security-opt", null);
        value("device", null);
        value("gpus", null);
        value("group-add", null);
        // networking
        value("network", null);
        alias("net", "network");
        value("publish", 'p');
        bool("publish-all", 'P');
        value("expose", null);
        value("dns", null);
        value("dns-search", null);
        value("add-host", null);
        value("mac-address", null);
        value("link", null);
        // resources
        value("shm-size", null);
        value("memory", 'm');
        value("memory-swap", null);
        value("cpus", null);
        value("cpu-shares", 'c');
        value("cpuset-cpus", null);
        value("pids-limit", null);
        value("ulimit", null);
        bool("oom-kill-disable", null);
        value("sysctl", null);
        // namespaces and runtime
        value("ipc", null);
        value("pid", null);
        value("uts", null);
        value("userns", null);
        value("cgroupns", null);
        value("runtime", null);
        // logging
        value("log-driver", null);
        value("log-opt", null);
        SUPPORTED = String.join(", ", NAMES);
    }

    private RunCommand() {
    }

    /** The long names of every flag, aliases included. */
    static List<String> flagNames() {
        return List.copyOf(LONG.keySet());
    }

    private static void bool(String name, Character shorthand) {
        add(new Flag(name, false), shorthand);
    }

    private static void value(String name, Character shorthand) {
        add(new Flag(name, true), shorthand);
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

    /**
     * Applies one flag of the table above; throws {@link IllegalArgumentException} saying why a value is wrong. A
     * switch rather than a lambda per flag: plugin classes' lambdas are spun anew on every start (about 15 ms for
     * these), where the class-data-sharing archive holds this method.
     *
     * @param v the value of a flag that takes one, else null
     * @param on the setting of a flag that takes none
     */
    private static void set(Parse p, String flag, String v, boolean on) {
        switch (flag) {
            // what the container runs
            case "detach" -> { } // Kiln always runs the container detached
            case "interactive" -> p.spec.openStdin(on);
            case "tty" -> p.spec.tty(on);
            case "entrypoint" -> p.spec.entrypoint(List.of(v));
            case "env" -> p.env(v);
            case "env-file" -> p.fileEnv.addAll(RunCommandValues.envFile(v, p.hostEnv));
            case "user" -> p.spec.user(v);
            case "workdir" -> p.spec.workingDir(v);
            case "name" -> p.spec.name(v);
            case "label" -> label(p, v);
            case "platform" -> p.spec.platform(v);
            case "hostname" -> p.spec.hostname(v);
            case "stop-signal" -> p.spec.stopSignal(RunCommandValues.signal(v));
            case "init" -> p.spec.init(on);
            case "rm" -> p.autoRemove = on; // accepted: Kiln removes the container itself
            case "restart" -> p.restart = RunCommandValues.restart(v); // accepted, never applied
            // storage
            case "volume" -> p.spec.bind(v);
            case "mount" -> p.spec.mount(RunCommandValues.mount(v));
            case "tmpfs" -> tmpfs(p, v);
            case "volumes-from" -> p.spec.volumesFrom(RunCommandValues.volumesFrom(v));
            case "read-only" -> p.spec.readOnly(on);
            // privileges and devices
            case "privileged" -> p.spec.privileged(on);
            case "cap-add" -> p.spec.capAdd(v);
            case "cap-drop" -> p.spec.capDrop(v);
            case "security-opt" -> p.spec.securityOpt(RunCommandValues.securityOpt(v));
            case "device" -> p.spec.device(v);
            case "gpus" -> p.spec.gpu(RunCommandValues.gpus(v));
            case "group-add" -> p.spec.groupAdd(v);
            // networking
            case "network" -> p.spec.network(v);
            case "publish" -> publish(p, v);
            case "publish-all" -> p.spec.publishAll(on);
            case "expose" -> RunCommandValues.expose(v).forEach(p.spec::exposedPort);
            case "dns" -> p.spec.dns(RunCommandValues.ipAddress(v));
            case "dns-search" -> p.spec.dnsSearch(RunCommandValues.dnsSearch(v));
            case "add-host" -> p.spec.extraHost(v);
            case "mac-address" -> p.spec.macAddress(RunCommandValues.macAddress(v));
            case "link" -> p.spec.link(RunCommandValues.link(v));
            // resources
            case "shm-size" -> p.spec.shmSize(RunCommandValues.size(v));
            case "memory" -> p.spec.memory(RunCommandValues.size(v));
            case "memory-swap" -> p.spec.memorySwap(RunCommandValues.memorySwap(v));
            case "cpus" -> p.spec.nanoCpus(RunCommandValues.cpus(v));
            case "cpu-shares" -> p.spec.cpuShares(RunCommandValues.cpuShares(v));
            case "cpuset-cpus" -> p.spec.cpusetCpus(RunCommandValues.cpuSet(v));
            case "pids-limit" -> p.spec.pidsLimit(RunCommandValues.integer(v, "100"));
            case "ulimit" -> p.spec.ulimit(RunCommandValues.ulimit(v));
            case "oom-kill-disable" -> p.spec.oomKillDisable(on);
            case "sysctl" -> sysctl(p, v);
            // namespaces and runtime
            case "ipc" -> p.spec.ipc(RunCommandValues.ipc(v));
            case "pid" -> p.spec.pid(RunCommandValues.pid(v));
            case "uts" -> p.spec.uts(RunCommandValues.hostOnly(v));
            case "userns" -> p.spec.userns(RunCommandValues.hostOnly(v));
            case "cgroupns" -> p.spec.cgroupns(RunCommandValues.cgroupns(v));
            case "runtime" -> p.spec.runtime(v);
            // logging
            case "log-driver" -> p.logDriver = v;
            case "log-opt" -> logOpt(p, v);
            default -> throw new IllegalStateException("flag '" + flag + "' is in the table but has no case");
        }
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
                set(this, flag.name(), null, true);
                return;
            }
            if (lenient && value.contains("{{")) {
                return; // checked once rendered
            }
            try {
                if (flag.takesValue()) {
                    set(this, flag.name(), value, false);
                } else {
                    set(this, flag.name(), null, RunCommandValues.bool(value));
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
