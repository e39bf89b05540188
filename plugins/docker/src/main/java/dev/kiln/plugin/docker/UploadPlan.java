package dev.kiln.plugin.docker;

import dev.kiln.api.CommunicatorException;
import dev.kiln.docker.engine.PathStat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where to extract an upload's archive and which entries it holds, so that a file lands exactly at its destination
 * and a directory's contents land in its destination, creating missing parents without a shell in the container.
 *
 * <p>The engine extracts into an existing directory only, so the archive is extracted at the deepest existing
 * ancestor and carries entries for the missing directories. Existing directories get no entry, so their owner and
 * mode stay as they are.
 *
 * @param extractDir the existing directory to extract into
 * @param missingDirs directories to create first, relative to {@code extractDir}, parents first
 * @param root the file's entry name (file upload), or the prefix for a directory's contents (empty when the
 *     destination directory exists), relative to {@code extractDir}
 */
record UploadPlan(String extractDir, List<String> missingDirs, String root) {

    static UploadPlan plan(boolean directory, String destination, Function<String, Optional<PathStat>> stat) {
        String target = normalize(destination);
        if (target.equals("/") && !directory) {
            throw new CommunicatorException("Upload destination '/' is a directory; name the file to write.", null);
        }
        Optional<PathStat> existing = stat.apply(target);
        if (existing.isPresent()) {
            PathStat found = existing.get();
            if (directory) {
                if (!found.directory() && !found.symlink()) {
                    throw new CommunicatorException("Upload destination '" + target + "' is a file in the container, "
                            + "so directory contents cannot go there; choose a directory path.", null);
                }
                return new UploadPlan(target, List.of(), "");
            }
            if (found.directory()) {
                throw new CommunicatorException("Upload destination '" + target + "' is a directory in the container; "
                        + "name the file to write, e.g. '" + target.replaceAll("/$", "") + "/name'.", null);
            }
            return new UploadPlan(parent(target), List.of(), name(target));
        }
        Deque<String> missing = new ArrayDeque<>();
        String ancestor = parent(target);
        while (true) {
            Optional<PathStat> found = stat.apply(ancestor);
            if (found.isPresent()) {
                if (!found.get().directory() && !found.get().symlink()) {
                    throw new CommunicatorException("Upload destination '" + target + "' cannot be created: '"
                            + ancestor + "' is a file in the container.", null);
                }
                break;
            }
            missing.addFirst(ancestor);
            ancestor = parent(ancestor);
        }
        List<String> relative = new ArrayList<>();
        for (String dir : missing) {
            relative.add(relativize(ancestor, dir));
        }
        return new UploadPlan(ancestor, List.copyOf(relative), relativize(ancestor, target));
    }

    /** Resolves {@code .}, {@code ..} and repeated or trailing slashes of an absolute container path. */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new CommunicatorException("Container path '" + path + "' must be absolute, e.g. '/tmp/file'.", null);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String relativize(String ancestor, String path) {
        return ancestor.equals("/") ? path.substring(1) : path.substring(ancestor.length() + 1);
    }
}
