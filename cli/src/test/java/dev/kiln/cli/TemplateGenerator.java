package dev.kiln.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes templates for {@link TemplateFuzzTest} from a seed: Packer JSON templates with random structure (right and
 * wrong types, unknown keys, deep nesting, long keys and numbers), Go-template strings (every function, wrong
 * arguments, bad escapes, unclosed actions, deep parentheses), variable graphs (chains, cycles, references to
 * undeclared or required variables, values that double), and text mutations of all of them, some not UTF-8. The same
 * seed always makes the same templates.
 */
final class TemplateGenerator {

    private static final String[] ROOT_KEYS = {"builders", "provisioners", "post-processors", "variables",
        "sensitive-variables", "description", "min_packer_version", "error-cleanup-provisioner", "push", "_comment",
        "bulders", "x"};
    private static final String[] DOCKER_OPTIONS = {"image", "commit", "discard", "export_path", "pull", "changes",
        "run_command", "volumes", "container_dir", "privileged", "cap_add", "author", "message", "exec_user",
        "platform", "login", "login_server", "login_username", "login_password", "communicator", "pty", "runtime",
        "docker_path", "fix_upload_owner", "imgae", "ssh_username", "winrm_use_ssl", "name"};
    private static final String[] SHELL_OPTIONS = {"inline", "inline_shebang", "script", "scripts",
        "environment_vars", "env_var_format", "execute_command", "remote_folder", "remote_file", "remote_path",
        "valid_exit_codes", "expect_disconnect", "skip_clean", "binary", "pause_after", "use_env_var_file",
        "timeout", "pause_before", "max_retries", "only", "except", "override", "inlne"};
    private static final String[] TAG_OPTIONS = {"repository", "tag", "tags", "force", "docker_path",
        "keep_input_artifact", "only", "except", "name", "repo"};
    private static final String[] TYPES = {"docker", "docker", "docker", "shell", "docker-tag", "dokcer", "", "x"};
    private static final String[] FUNCTIONS = {"user", "user", "user", "env", "timestamp", "isotime", "strftime",
        "uuid", "build_name", "build_type", "pwd", "template_dir", "packer_version", "build", "lower", "upper",
        "replace", "replace_all", "split", "sed", "consul_key", "vault", "aws_secretsmanager", "printf", "len",
        "if", "end", "range", "nope", "true", "nil"};
    private static final String[] BROKEN = {"{{", "}}", "{{ (", "{{ ) }}", "{{ | }}", "{{ $x := 1 }}", "{{ if true }}",
        "{{ end }}", "{{ .A.B }}", "{{-}}", "{{- -}}", "{{/* c */}}", "{{/* open", "{{ `raw }}", "{{ \"q }}",
        "{{ \"\\z\" }}", "{{ \"\\u12\" }}", "{{ 'c' }}", "{{ . }}", "{{ 0x }}", "{{ 1e999 }}", "{{ 99999999999999999999 }}",
        "{{ upper.x }}", "{{ user }}", "{{ user 1 }}", "{{ split `a` `` 5 }}", "{{ replace `` `xx` -1 `abc` }}",
        "{{ isotime `2006` `x` }}", "{{ strftime `%c%Q` }}", "{{ build `ID` }}", "{{ .Image }}", "{{ .Path }}"};
    private static final String[] DURATIONS = {"5s", "1h30m", "0", "-1s", "1.5.5m", "99999999999999999999h",
        "2562047h47m16.854775808s", "1d", "", " 5s", "{{user `v0`}}", "5"};
    private static final String TEXT = "abc xyz-_./:=@${}[]\"'\\\n\t é€𝄞{}|()`";

    private final Random random;

    TemplateGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The next template, as the bytes of a file. */
    byte[] next() {
        String text;
        int kind = random.nextInt(100);
        if (kind < 25) {
            text = validTemplate();
        } else if (kind < 40) {
            text = mutate(validTemplate());
        } else if (kind < 55) {
            text = template();
        } else if (kind < 65) {
            text = mutate(template());
        } else if (kind < 80) {
            text = random.nextInt(4) == 0 ? mutate(variableGraph()) : variableGraph();
        } else if (kind < 93) {
            text = templateStrings();
        } else {
            text = json(0, 6);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return random.nextInt(25) == 0 ? notUtf8(bytes) : bytes;
    }

    // ---- whole templates -----------------------------------------------------------------------------------------

    /** The classic template, varied within what is valid: mostly passes, and then goes as far as binding. */
    private String validTemplate() {
        int count = random.nextInt(6);
        StringBuilder vars = new StringBuilder("{\"v0\": \"alpine\"");
        for (int i = 1; i <= count; i++) {               // each uses only earlier ones: no cycle
            vars.append(", \"v").append(i).append("\": ").append(quote(validString(i, true)));
        }
        String builders = random.nextInt(4) == 0
                ? "{\"type\": \"docker\", \"name\": \"a\", \"image\": \"{{user `v0`}}\", \"commit\": true}, "
                + "{\"type\": \"docker\", \"name\": \"b\", \"image\": \"alpine\", \"discard\": true}"
                : "{\"type\": \"docker\", \"image\": " + quote("{{user `v0`}}" + (random.nextBoolean() ? ""
                : validString(count + 1, false).replaceAll("[^a-z0-9]", ""))) + ", \"commit\": true"
                + (random.nextBoolean() ? ", \"changes\": [" + quote("ENV A=" + validString(count + 1, false)) + "]" : "")
                + (random.nextBoolean() ? ", \"run_command\": [\"-d\", \"-i\", \"-t\", \"{{.Image}}\", \"/bin/sh\"]" : "")
                + (random.nextBoolean() ? ", \"volumes\": {" + quote("/tmp/" + validString(count + 1, false)) + ": \"/x\"}"
                : "") + "}";
        String provisioner = "{\"type\": \"shell\", \"inline\": [" + quote("echo " + validString(count + 1, false))
                + "]" + (random.nextBoolean() ? ", \"timeout\": " + quote(pick("5s", "1h30m", "0", "2m")) : "")
                + (random.nextBoolean() ? ", \"environment_vars\": [" + quote("A=" + validString(count + 1, false)) + "]" : "")
                + (random.nextBoolean() ? ", \"max_retries\": " + pick("1", "\"2\"") : "") + "}";
        String postProcessor = "{\"type\": \"docker-tag\", \"repository\": \"kiln/test\", \"tag\": "
                + quote(pick("latest", "{{user `v0`}}", "1.0", "{{timestamp}}")) + "}";
        return "{\"variables\": " + vars + "},\n \"builders\": [" + builders + "],\n \"provisioners\": ["
                + provisioner + "],\n \"post-processors\": [" + (random.nextBoolean() ? postProcessor
                : "[" + postProcessor + "]") + "]}";
    }

    /** A string that renders: text and actions calling functions the right way, using variables {@code v0..v(n-1)}. */
    private String validString(int variables, boolean inVariables) {
        StringBuilder s = new StringBuilder();
        int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; i++) {
            String user = "user `v" + random.nextInt(Math.max(1, variables)) + "`";
            switch (random.nextInt(inVariables ? 10 : 9)) {
                case 0: s.append("x-"); break;
                case 1: s.append("{{").append(user).append("}}"); break;
                case 2: s.append("{{ ").append(user).append(" | upper | lower }}"); break;
                case 3: s.append("{{ replace_all `a` `b` (").append(user).append(") }}"); break;
                case 4: s.append("{{ split `a:b` `:` 1 }}"); break;
                case 5: s.append("{{timestamp}}"); break;
                case 6: s.append("{{ isotime `2006` }}"); break;
                case 7: s.append("{{build_name}}-{{build_type}}"); break;
                case 8: s.append("{{- \" \" -}}"); break;
                default: s.append("{{env `HOME`}}"); break;
            }
        }
        return s.toString();
    }

    private String template() {
        StringBuilder json = new StringBuilder("{");
        int keys = random.nextInt(6);
        boolean first = true;
        for (String key : new String[] {"variables", "builders", "provisioners", "post-processors"}) {
            if (random.nextInt(5) > 0) {
                json.append(first ? "" : ",\n ").append(quote(key)).append(": ").append(section(key));
                first = false;
            }
        }
        for (int i = 0; i < keys; i++) {
            String key = pick(ROOT_KEYS);
            json.append(first ? "" : ",\n ").append(quote(key)).append(": ").append(section(key));
            first = false;
        }
        return json.append("}").toString();
    }

    private String section(String key) {
        if (random.nextInt(12) == 0) {
            return json(0, 3);                                  // the wrong type, probably
        }
        switch (key) {
            case "builders":
                return list(1 + random.nextInt(3), this::builder);
            case "provisioners":
                return list(random.nextInt(4), () -> block(pick("shell", "shell", "shell", "nope"), SHELL_OPTIONS));
            case "error-cleanup-provisioner":
                return block("shell", SHELL_OPTIONS);
            case "post-processors":
                return list(random.nextInt(4), this::postProcessor);
            case "variables":
                return variables(random.nextInt(8));
            case "sensitive-variables":
                return list(random.nextInt(3), () -> quote("v" + random.nextInt(8)));
            default:
                return random.nextBoolean() ? quote(templateString(2)) : json(0, 2);
        }
    }

    private String builder() {
        return block(pick(TYPES), DOCKER_OPTIONS);
    }

    private String postProcessor() {
        int shape = random.nextInt(6);
        if (shape == 0) {
            return quote(pick("docker-tag", "docker-tag", "nope", ""));
        }
        if (shape == 1) {
            return list(random.nextInt(3), () -> random.nextInt(5) == 0 ? list(1, () -> block("docker-tag",
                    TAG_OPTIONS)) : block("docker-tag", TAG_OPTIONS));
        }
        return block(pick("docker-tag", "docker-tag", "shell", "nope"), TAG_OPTIONS);
    }

    /** An object with a type (usually) and random options, of the right type or not. */
    private String block(String type, String[] options) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        if (random.nextInt(10) > 0) {
            json.append("\"type\": ").append(random.nextInt(15) == 0 ? json(0, 1) : quote(type));
            first = false;
        }
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            String option = pick(options);
            json.append(first ? "" : ", ").append(quote(option)).append(": ").append(optionValue(option));
            first = false;
        }
        if (random.nextInt(8) == 0) {
            json.append(first ? "" : ", ").append("\"commit\": true");
        }
        return json.append("}").toString();
    }

    private String optionValue(String option) {
        if (random.nextInt(6) == 0) {
            return json(0, 3);
        }
        switch (option) {
            case "changes": case "run_command": case "cap_add": case "inline": case "scripts":
            case "environment_vars": case "tags": case "only": case "except":
                return list(random.nextInt(4), () -> quote(random.nextBoolean() ? "docker" : templateString(2)));
            case "volumes":
                return "{" + quote(templateString(1)) + ": " + quote(templateString(1)) + "}";
            case "commit": case "discard": case "pull": case "privileged": case "login": case "pty": case "force":
            case "keep_input_artifact": case "binary": case "skip_clean":
                return pick("true", "false", "\"true\"", "1", "null");
            case "timeout": case "pause_before": case "pause_after":
                return quote(pick(DURATIONS));
            case "max_retries": case "valid_exit_codes":
                return pick("3", "\"3\"", "-1", "\"x\"", "[0, 1]", "1.5", "99999999999999999999");
            case "override":
                return "{\"docker\": " + block("shell", SHELL_OPTIONS) + ", \"nope\": {}}";
            default:
                return quote(templateString(2));
        }
    }

    private String variables(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ", ").append(quote("v" + i)).append(": ");
            int shape = random.nextInt(10);
            json.append(shape == 0 ? "null" : shape == 1 ? json(0, 1) : quote(templateString(2)));
        }
        return json.append("}").toString();
    }

    // ---- variable graphs -----------------------------------------------------------------------------------------

    /** A template whose variables use one another: a chain, a cycle, values that double, or a random graph. */
    private String variableGraph() {
        int shape = random.nextInt(5);
        int count = shape == 0 ? 50 + random.nextInt(2_500) : 1 + random.nextInt(60);
        StringBuilder json = new StringBuilder("{\"variables\": {");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",\n ").append(quote("v" + i)).append(": ");
            String value;
            switch (shape) {
                case 0:                                                     // a long chain, maybe closed
                    value = i < count - 1 ? ref(i + 1) : random.nextBoolean() ? ref(0) : "end";
                    break;
                case 1:                                                     // values that double
                    value = i == 0 ? "0123456789" : ref(i - 1) + ref(i - 1);
                    break;
                case 2:                                                     // a ring with a chord
                    value = ref((i + 1) % count) + (random.nextInt(5) == 0 ? ref(random.nextInt(count)) : "");
                    break;
                default:                                                    // a random graph
                    StringBuilder v = new StringBuilder();
                    int refs = random.nextInt(4);
                    for (int r = 0; r < refs; r++) {
                        v.append(random.nextInt(4) == 0 ? templateString(1) : "-")
                                .append(random.nextInt(10) == 0 ? "{{user `undeclared`}}"
                                        : random.nextInt(15) == 0 ? "{{user (lower `V" + random.nextInt(count) + "`)}}"
                                        : ref(random.nextInt(count + 1)));
                    }
                    value = v.toString();
                    break;
            }
            json.append(random.nextInt(30) == 0 ? "null" : quote(value));
        }
        json.append("},\n \"builders\": [{\"type\": \"docker\", \"image\": \"{{user `v0`}}\", \"commit\": true}]");
        if (random.nextBoolean()) {
            json.append(",\n \"provisioners\": [{\"type\": \"shell\", \"inline\": [\"echo {{user `v")
                    .append(random.nextInt(count)).append("`}}\"], \"timeout\": \"{{user `v1`}}\"}]");
        }
        return json.append("}").toString();
    }

    private static String ref(int variable) {
        return "{{user `v" + variable + "`}}";
    }

    // ---- Go-template strings -------------------------------------------------------------------------------------

    /** A template whose strings (builder name, options, map keys, variable defaults) are template syntax. */
    private String templateStrings() {
        return "{\"variables\": {\"v0\": " + quote(templateString(3)) + ", \"v1\": \"5s\"},\n"
                + " \"builders\": [{\"type\": \"docker\", \"name\": " + quote(templateString(2)) + ", \"image\": "
                + quote(templateString(4)) + ", \"commit\": true, \"volumes\": {" + quote(templateString(2)) + ": "
                + quote(templateString(2)) + "}, \"changes\": [" + quote(templateString(3)) + "]}],\n"
                + " \"provisioners\": [{\"type\": \"shell\", \"inline\": [" + quote(templateString(4)) + "], "
                + "\"timeout\": " + quote(random.nextBoolean() ? templateString(1) : pick(DURATIONS)) + "}],\n"
                + " \"post-processors\": [{\"type\": \"docker-tag\", \"repository\": " + quote(templateString(3))
                + ", \"tag\": " + quote(templateString(2)) + "}]}";
    }

    /** Text and actions; {@code budget} bounds how many pieces and how deep. */
    private String templateString(int budget) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(budget + 2);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(10);
            if (kind < 3) {
                s.append(text(random.nextInt(8)));
            } else if (kind < 8) {
                s.append(random.nextInt(6) == 0 ? "{{- " : "{{ ").append(pipeline(budget))
                        .append(random.nextInt(6) == 0 ? " -}}" : " }}");
            } else {
                s.append(pick(BROKEN));
            }
        }
        if (random.nextInt(40) == 0) {                                     // deep parentheses
            int depth = 1 + random.nextInt(6_000);
            s.append("{{").append("(".repeat(depth)).append("upper `x`")
                    .append(")".repeat(random.nextInt(20) == 0 ? depth - 1 : depth)).append("}}");
        }
        return s.toString();
    }

    private String pipeline(int budget) {
        StringBuilder p = new StringBuilder(command(budget));
        while (random.nextInt(4) == 0) {
            p.append(" | ").append(command(budget));
        }
        return p.toString();
    }

    private String command(int budget) {
        if (random.nextInt(5) == 0) {
            return operand(budget);
        }
        String function = pick(FUNCTIONS);
        StringBuilder c = new StringBuilder(function);
        int args = function.equals("user") ? 1 : random.nextInt(4);
        for (int i = 0; i < args; i++) {
            c.append(' ').append(function.equals("user") && random.nextInt(4) > 0
                    ? "`v" + random.nextInt(3) + "`" : operand(budget));
        }
        return c.toString();
    }

    private String operand(int budget) {
        switch (random.nextInt(budget > 0 ? 9 : 8)) {
            case 0: return "`" + text(random.nextInt(6)).replace("`", "") + "`";
            case 1: return "\"" + pick("a", "\\n", "\\t", "\\x41", "\\u00e9", "\\U0001F600", "\\101", "\\q", "\\",
                    "é", "") + "\"";
            case 2: return pick("0", "1", "-3", "0x1F", "0o17", "017", "1.5", "1e3", "1_000", "-", "+.5",
                    "99999999999999999999", "0b102");
            case 3: return pick("true", "false", "nil");
            case 4: return "." + pick("Image", "Path", "Vars", "Foo", "Image.Bar", "");
            case 5: return pick(FUNCTIONS);
            case 6: return "$x";
            case 7: return "`" + pick("%Y", "2006-01-02", "", "%c%c%c", "Monday") + "`";
            default: return "(" + pipeline(budget - 1) + ")";
        }
    }

    private String text(int length) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < length; i++) {
            t.appendCodePoint(TEXT.codePointAt(TEXT.offsetByCodePoints(0,
                    random.nextInt(TEXT.codePointCount(0, TEXT.length())))));
        }
        return t.toString();
    }

    // ---- JSON structure ------------------------------------------------------------------------------------------

    /** Any JSON value, sometimes nested past Kiln's limit, with long keys and numbers now and then. */
    private String json(int depth, int max) {
        int kind = random.nextInt(depth >= max ? 6 : 9);
        switch (kind) {
            case 0: return quote(text(random.nextInt(10)));
            case 1: return pick("0", "-1", "1.5e300", "1e99999", "-0", "123456789012345678901234567890",
                    "1".repeat(random.nextInt(20) == 0 ? 1_001 : 3), "0.1");
            case 2: return pick("true", "false", "null");
            case 3: return quote(templateString(1));
            case 4: return random.nextInt(30) == 0 ? "[".repeat(400 + random.nextInt(300))
                    + "]".repeat(400 + random.nextInt(300)) : "[]";
            case 5: return "{}";
            case 6: case 7: {
                StringBuilder list = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    list.append(i == 0 ? "" : ", ").append(json(depth + 1, max));
                }
                return list.append("]").toString();
            }
            default: {
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String key = random.nextInt(40) == 0 ? "k".repeat(66_000) : text(random.nextInt(6));
                    object.append(i == 0 ? "" : ", ").append(quote(key)).append(": ").append(json(depth + 1, max));
                }
                return object.append("}").toString();
            }
        }
    }

    // ---- mutations -----------------------------------------------------------------------------------------------

    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "{{", "}}", "`", "(", ")", "|",
        "-", "null", "\n", "\u0000", "\u001f", "\uFEFF", "/*", "'", "1e", "\"\":"};

    /** {@code text} with a few random edits: deletions, insertions, duplications, a cut. */
    private String mutate(String text) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0: s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(8))); break;
                case 1: s.insert(at, pick(TOKENS)); break;
                case 2: s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(40)))); break;
                case 3: s.setLength(at); break;
                case 4: s.insert(at, random.nextBoolean() ? "[".repeat(600) : "{\"a\":".repeat(30)); break;
                default: s.setCharAt(at, pick(TOKENS).charAt(0)); break;
            }
        }
        return s.toString();
    }

    private byte[] notUtf8(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        out.write(bytes, 0, at);
        out.write(pick(new int[] {0x80, 0xC3, 0xE9, 0xFF, 0xFE, 0xED}));
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String list(int count, java.util.function.Supplier<String> element) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            elements.add(element.get());
        }
        return "[" + String.join(", ", elements) + "]";
    }

    private static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private int pick(int[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
