package dev.kiln.plugin.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks {@code changes}: the Dockerfile instructions the engine can apply when it commits a container. */
final class Changes {

    /** What {@code docker commit --change} accepts (the engine refuses RUN, ADD, COPY and the like). */
    static final List<String> ALLOWED = List.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD",
            "MAINTAINER", "USER", "VOLUME", "WORKDIR");

    private static final Set<String> ALLOWED_SET = Set.copyOf(ALLOWED);

    private Changes() {
    }

    static List<String> check(List<String> changes) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String change = changes.get(i) == null ? "" : changes.get(i).trim();
            if (change.isEmpty()) {
                problems.add("changes[" + i + "]: the instruction is empty; remove it or write one such as "
                        + "'ENV APP_HOME /app'");
                continue;
            }
            String[] words = change.split("\\s+", 2);
            String instruction = words[0].toUpperCase(Locale.ROOT);
            if (!ALLOWED_SET.contains(instruction)) {
                problems.add("changes[" + i + "]: '" + change + "' cannot be applied when committing: '" + words[0]
                        + "' is not one of " + String.join(", ", ALLOWED) + "; do that work in a provisioner instead");
            } else if (words.length < 2 || words[1].isBlank()) {
                problems.add("changes[" + i + "]: '" + change + "' has no argument; write it as in a Dockerfile, "
                        + "e.g. '" + instruction + " " + example(instruction) + "'");
            }
        }
        return problems;
    }

    private static String example(String instruction) {
        switch (instruction) {
            case "CMD": return "[\"nginx\", \"-g\", \"daemon off;\"]";
            case "ENTRYPOINT": return "[\"/docker-entrypoint.sh\"]";
            case "ENV": return "APP_HOME /app";
            case "EXPOSE": return "8080";
            case "LABEL": return "version=1.0";
            case "ONBUILD": return "RUN make";
            case "MAINTAINER": return "you@example.com";
            case "USER": return "app";
            case "VOLUME": return "/data";
            default: return "/app";
        }
    }
}
