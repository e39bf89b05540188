package dev.kiln.cli.repl;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The shell's history ({@code ~/.kiln/history}): JLine's, except that a line giving a value to a variable the loaded
 * template marks sensitive ({@code set password=...}, {@code build -var password=...}) is neither kept nor written,
 * so secrets do not end up in a file.
 */
final class ShellHistory extends DefaultHistory {

    /** {@code NAME=} at the start of a word: after {@code set}, {@code -var} or {@code -var=}. */
    private static final Pattern ASSIGNMENT = Pattern.compile("(?:^|\\s)(?:-{1,2}var[=\\s]+)?['\"]?([^\\s='\"]+)=");

    private final ShellState state;

    ShellHistory(ShellState state) {
        this.state = state;
    }

    @Override
    public void add(Instant time, String line) {
        if (!setsSensitive(line)) {
            super.add(time, line);
        }
    }

    private boolean setsSensitive(String line) {
        Matcher m = ASSIGNMENT.matcher(line);
        while (m.find()) {
            if (state.sensitive(m.group(1))) {
                return true;
            }
        }
        return false;
    }
}
