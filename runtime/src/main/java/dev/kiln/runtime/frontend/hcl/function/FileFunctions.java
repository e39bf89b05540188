package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.BOOL;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Filesystem functions: file, filebase64, fileexists and fileset resolve relative paths against the template's
 * directory; abspath against the working directory; {@code ~} is the user's home directory.
 */
final class FileFunctions {

    private FileFunctions() {
    }

    static void register(Map<String, HclFunction> t, Path baseDir, Path workingDir, Path home) {
        add(t, HclFunction.builder("abspath").param("path", STRING).returns(STRING).impl(a -> {
            Path p = Paths.get(a.get(0).asString());
            return HclValue.string(slashes(workingDir.resolve(p).normalize().toAbsolutePath().toString()));
        }));
        add(t, HclFunction.builder("basename").param("path", STRING).returns(STRING)
                .impl(a -> HclValue.string(basename(a.get(0).asString()))));
        add(t, HclFunction.builder("dirname").param("path", STRING).returns(STRING)
                .impl(a -> HclValue.string(dirname(a.get(0).asString()))));
        add(t, HclFunction.builder("pathexpand").param("path", STRING).returns(STRING)
                .impl(a -> HclValue.string(expandHome(a.get(0).asString(), home))));
        add(t, HclFunction.builder("file").param("path", STRING).returns(STRING).impl(a -> {
            String path = a.get(0).asString();
            byte[] b = read(baseDir, home, path);
            return HclValue.string(EncodingFunctions.utf8(b, "contents of " + path + " are not valid UTF-8; use the "
                    + "filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. "
                    + "filemd5, filesha256) to obtain file hashing results instead"));
        }));
        add(t, HclFunction.builder("filebase64").param("path", STRING).returns(STRING)
                .impl(a -> HclValue.string(Base64.getEncoder().encodeToString(read(baseDir, home,
                        a.get(0).asString())))));
        add(t, HclFunction.builder("fileexists").param("path", STRING).returns(BOOL).impl(a -> {
            Path p = resolve(baseDir, home, a.get(0).asString());
            if (!Files.exists(p)) {
                return HclValue.FALSE;
            }
            if (Files.isRegularFile(p)) {
                return HclValue.TRUE;
            }
            throw new FunctionException(p + " is not a regular file, but " + Json.quote(Files.isDirectory(p)
                    ? "d" + "rwxr-xr-x" : "?"));
        }));
        add(t, HclFunction.builder("fileset").param("path", STRING).param("pattern", STRING)
                .returns(HclType.set(STRING)).impl(a -> fileset(resolve(baseDir, home, a.get(0).asString()),
                        a.get(1).asString())));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static String slashes(String s) {
        return s.replace('\\', '/');
    }

    static String expandHome(String path, Path home) {
        if (path.equals("~")) {
            return slashes(home.toString());
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return slashes(home.toString()) + path.substring(1);
        }
        if (path.startsWith("~")) {
            throw new FunctionException("cannot expand user-specific home dir");
        }
        return path;
    }

    private static Path resolve(Path baseDir, Path home, String path) {
        Path p = Paths.get(expandHome(path, home));
        return p.isAbsolute() ? p : baseDir.resolve(p);
    }

    private static byte[] read(Path baseDir, Path home, String path) {
        Path p = resolve(baseDir, home, path);
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new FunctionException("no file exists at " + slashes(p.toString()));
        } catch (IOException e) {
            throw new FunctionException("failed to read " + slashes(p.toString()));
        }
    }

    /** Go's filepath.Base with forward slashes. */
    static String basename(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        int i = p.lastIndexOf('/');
        return i >= 0 ? p.substring(i + 1) : p;
    }

    /** Go's filepath.Dir with forward slashes: everything but the last element, cleaned. */
    static String dirname(String path) {
        int i = path.lastIndexOf('/');
        String dir = i >= 0 ? path.substring(0, i + 1) : "";
        return clean(dir);
    }

    /** Go's path.Clean. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String s = String.join("/", out);
        if (rooted) {
            return "/" + s;
        }
        return s.isEmpty() ? "." : s;
    }

    private static HclValue fileset(Path dir, String pattern) {
        Pattern re = globToRegex(pattern);
        List<HclValue> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p))
                        .map(p -> slashes(dir.relativize(p).toString()))
                        .filter(rel -> re.matcher(rel).matches())
                        .forEach(rel -> out.add(HclValue.string(rel)));
            } catch (IOException e) {
                throw new FunctionException("failed to glob pattern (" + pattern + "): " + e.getMessage());
            }
        }
        return out.isEmpty() ? HclValue.emptySet(STRING) : HclValue.set(STRING, out);
    }

    /** A doublestar glob ({@code **}, {@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) as a regex. */
    static Pattern globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        String g = glob.startsWith("./") ? glob.substring(2) : glob;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                        boolean segStart = i == 0 || g.charAt(i - 1) == '/';
                        boolean segEnd = i + 2 == g.length() || g.charAt(i + 2) == '/';
                        if (segStart && segEnd) {
                            if (i + 2 < g.length()) {
                                b.append("(?:[^/]*/)*");
                                i += 2;
                            } else {
                                b.append(".*");
                                i += 1;
                            }
                            continue;
                        }
                        i++;
                    }
                    b.append("[^/]*");
                }
                case '?' -> b.append("[^/]");
                case '[' -> {
                    int end = g.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new FunctionException("failed to glob pattern (" + glob + "): syntax error in pattern");
                    }
                    String cls = g.substring(i + 1, end);
                    if (cls.startsWith("!") || cls.startsWith("^")) {
                        cls = "^" + cls.substring(1);
                    }
                    b.append('[').append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '{' -> {
                    depth++;
                    b.append("(?:");
                }
                case '}' -> {
                    if (depth > 0) {
                        depth--;
                        b.append(')');
                    } else {
                        b.append("\\}");
                    }
                }
                case ',' -> b.append(depth > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < g.length()) {
                        b.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                    }
                }
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }
}
