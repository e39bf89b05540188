package dev.kiln.plugin.docker;

import dev.kiln.api.ConfigException;
import dev.kiln.plugin.docker.driver.ContainerSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates {@code docker run} arguments ({@code run_command}, after the flags the builder's own options generate)
 * into a {@link ContainerSpec}. A pure function: no engine, no files.
 *
 * <p>Flags come first, in {@code --flag=value}, {@code --flag value}, {@code -f value}, {@code -fvalue} or combined
 * short ({@code -dit}) form; {@code --} or the first argument that is not a flag ends them; then the image and an
 * optional command. Any flag not listed in {@link #SUPPORTED} is refused by name.
 */
final class RunCommand {

    private enum Kind { BOOLEAN, VALUE }

    private record Flag(String name, Kind kind) {
    }

    private static final Map<String, Flag> LONG = new LinkedHashMap<>();
    private static final Map<Character, Flag> SHORT = new LinkedHashMap<>();

    static {
        bool("detach", 'd');
        bool("interactive", 'i');
        bool("tty", 't');
        value("entrypoint", null);
        value("volume", 'v');
        value("env", 'e');
        bool("privileged", null);
        value("network", null);
        LONG.put("net", LONG.get("network"));
        value("user", 'u');
        value("workdir", 'w');
        value("name", null);
        value("label", 'l');
        value("cap-add", null);
        value("cap-drop", null);
        value("tmpfs", null);
        value("device", null);
        value("platform", null);
        value("shm-size", null);
        value("memory", 'm');
        value("cpus", null);
        value("add-host", null);
    }

    /** The flags Kiln understands, for messages. */
    static final String SUPPORTED = "-d/--detach, -i/--interactive, -t/--tty, --entrypoint, -v/--volume, -e/--env, "
            + "--privileged, --network/--net, -u/--user, -w/--workdir, --name, -l/--label, --cap-add, --cap-drop, "
            + "--tmpfs, --device, --platform, --shm-size, -m/--memory, --cpus, --add-host";

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?$");

    private RunCommand() {
    }

    private static void bool(String name, Character shorthand) {
        add(new Flag(name, Kind.BOOLEAN), shorthand);
    }

    private static void value(String name, Character shorthand) {
        add(new Flag(name, Kind.VALUE), shorthand);
    }

    private static void add(Flag flag, Character shorthand) {
        LONG.put(flag.name(), flag);
        if (shorthand != null) {
            SHORT.put(shorthand, flag);
        }
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
     * Checks arguments that are not rendered yet: flag names and structure, and the values that hold no template.
     *
     * @param args the raw {@code run_command}
     * @return every problem found
     */
    static List<String> check(List<String> args) {
        Parse parse = new Parse(name -> null, true);
        parse.run(args);
        return parse.problems;
    }

    /** Parses a size such as {@code 64m}, {@code 1g}, {@code 512k} or {@code 1048576} into bytes (binary units). */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size such as '512m' or '2g'");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        return number.multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
    }

    /** Parses a CPU count such as {@code 1.5} into billionths of a CPU. */
    static long parseCpus(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of CPUs such as '1.5'", e);
        }
        if (cpus.signum() <= 0) {
            throw new IllegalArgumentException("the number of CPUs must be more than 0");
        }
        return cpus.movePointRight(9).longValue();
    }

    private static final class Parse {
        private final Function<String, String> hostEnv;
        private final boolean lenient;
        private final List<String> problems = new ArrayList<>();

        private List<String> entrypoint;
        private final List<String> env = new ArrayList<>();
        private boolean tty;
        private boolean openStdin;
        private String user;
        private String workingDir;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> binds = new ArrayList<>();
        private boolean privileged;
        private String network;
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private final List<String> devices = new ArrayList<>();
        private String platform;
        private Long shmSize;
        private Long memory;
        private Long nanoCpus;
        private final List<String> extraHosts = new ArrayList<>();
        private String image;
        private List<String> cmd = List.of();

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
                    if (flag.kind() == Kind.VALUE && value == null) {
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
                        if (flag.kind() == Kind.BOOLEAN) {
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
            if (i >= n) {
                problems.add("run_command: no image is given; end it with \"--\", \"{{.Image}}\" as the default does");
                return;
            }
            image = args.get(i);
            cmd = List.copyOf(args.subList(i + 1, n));
        }

        private void unsupported(String flag) {
            problems.add("run_command: flag '" + flag + "' is not supported; supported: " + SUPPORTED);
        }

        private void apply(Flag flag, String spelled, String value) {
            if (flag.kind() == Kind.BOOLEAN) {
                boolean on = true;
                if (value != null) {
                    if (value.equalsIgnoreCase("true")) {
                        on = true;
                    } else if (value.equalsIgnoreCase("false")) {
                        on = false;
                    } else {
                        problems.add("run_command: flag '" + spelled + "' takes true or false, not '" + value + "'");
                        return;
                    }
                }
                switch (flag.name()) {
                    case "interactive": openStdin = on; break;
                    case "tty": tty = on; break;
                    case "privileged": privileged = on; break;
                    default: break; // detach: Kiln always runs the container detached
                }
                return;
            }
            switch (flag.name()) {
                case "entrypoint":
                    entrypoint = List.of(value);
                    break;
                case "volume":
                    binds.add(value);
                    break;
                case "env":
                    if (value.contains("=")) {
                        env.add(value);
                    } else {
                        String fromHost = hostEnv.apply(value);
                        if (fromHost != null) {
                            env.add(value + "=" + fromHost);
                        }
                    }
                    break;
                case "network": network = value; break;
                case "user": user = value; break;
                case "workdir": workingDir = value; break;
                case "name": name = value; break;
                case "label": {
                    int eq = value.indexOf('=');
                    labels.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
                    break;
                }
                case "cap-add": capAdd.add(value); break;
                case "cap-drop": capDrop.add(value); break;
                case "tmpfs": {
                    int colon = value.indexOf(':');
                    tmpfs.put(colon < 0 ? value : value.substring(0, colon), colon < 0 ? "" : value.substring(colon + 1));
                    break;
                }
                case "device": devices.add(value); break;
                case "platform": platform = value; break;
                case "shm-size": number(spelled, value, v -> shmSize = parseSize(v)); break;
                case "memory": number(spelled, value, v -> memory = parseSize(v)); break;
                case "cpus": number(spelled, value, v -> nanoCpus = parseCpus(v)); break;
                case "add-host": extraHosts.add(value); break;
                default: throw new IllegalStateException("flag without translation: " + flag.name());
            }
        }

        private void number(String spelled, String value, Consumer<String> setter) {
            if (lenient && value.contains("{{")) {
                return;
            }
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                problems.add("run_command: flag '" + spelled + "' value '" + value + "' is " + e.getMessage());
            }
        }

        ContainerSpec spec() {
            ContainerSpec.Builder spec = ContainerSpec.builder(image).entrypoint(entrypoint).cmd(cmd).tty(tty)
                    .openStdin(openStdin).user(user).workingDir(workingDir).name(name).platform(platform)
                    .privileged(privileged).network(network).shmSize(shmSize).memory(memory).nanoCpus(nanoCpus);
            env.forEach(spec::env);
            labels.forEach(spec::label);
            binds.forEach(spec::bind);
            capAdd.forEach(spec::capAdd);
            capDrop.forEach(spec::capDrop);
            tmpfs.forEach(spec::tmpfs);
            devices.forEach(spec::device);
            extraHosts.forEach(spec::extraHost);
            return spec.build();
        }
    }
}
