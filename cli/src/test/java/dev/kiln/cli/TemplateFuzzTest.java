package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln validate} on generated templates ({@link TemplateGenerator}): JSON structure, Go-template syntax and
 * variable graphs, right and broken. Whatever the input, validate succeeds (exit 0, "The configuration is valid.")
 * or lists problems (exit 1), within 10 seconds, with no stack trace or exception in its output and every problem
 * at {@code file:line:col}.
 *
 * <p>Deterministic: a fixed seed and number of cases, about 15 seconds here. {@code -Dkiln.fuzz.seed=N} and
 * {@code -Dkiln.fuzz.cases=N} run others; a failing input is kept in {@code target/fuzz-failures/}.
 */
class TemplateFuzzTest {

    private static final long SEED = Long.getLong("kiln.fuzz.seed", 20_240_610L);
    private static final int CASES = Integer.getInteger("kiln.fuzz.cases", 1_500);
    private static final long PER_CASE_SECONDS = 10;
    private static final long BUDGET_SECONDS = Long.getLong("kiln.fuzz.seconds", 45); // a slow machine checks fewer

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fuzz-validate");
        thread.setDaemon(true);
        return thread;
    });
    private Session session;

    @BeforeEach
    void open() {
        session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir, false);
    }

    @AfterEach
    void close() {
        worker.shutdownNow();
        session.close();
    }

    @Test
    void validateEndsInValidOrProblemsWithPositionsForAnyTemplate() throws Exception {
        TemplateGenerator generator = new TemplateGenerator(SEED);
        Path template = dir.resolve("t.json");
        String file = template.toString();
        Pattern heading = Pattern.compile("Error: template 't\\.json' has (\\d+) problems?:");
        Pattern problem = Pattern.compile("  " + Pattern.quote(file) + ":\\d+:\\d+: .*");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
        int valid = 0;
        int run = 0;
        for (; run < CASES && System.nanoTime() < deadline; run++) {
            byte[] input = generator.next();
            Files.write(template, input);
            out.reset();
            err.reset();
            Future<Integer> validation = worker.submit(() -> KilnCli.run(session, new String[] {"validate", "t.json"}));
            int exit;
            try {
                exit = validation.get(PER_CASE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw failure(run, input, "validate took more than " + PER_CASE_SECONDS + " s");
            } catch (ExecutionException e) {
                throw failure(run, input, "validate threw " + e.getCause());
            }
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            if (stdout.contains("Exception") || stderr.contains("Exception") || stderr.contains("\tat ")
                    || stderr.contains("java.lang.")) {
                throw failure(run, input, "the output shows an exception:\n" + excerpt(stdout + stderr));
            }
            if (exit == 0) {
                if (!stdout.endsWith("The configuration is valid.\n") || !stderr.isEmpty()) {
                    throw failure(run, input, "exit 0 without saying so:\n" + excerpt(stdout + stderr));
                }
                valid++;
                continue;
            }
            if (exit != 1) {
                throw failure(run, input, "exit " + exit + ":\n" + excerpt(stdout + stderr));
            }
            List<String> lines = stderr.lines().toList();
            Matcher count = heading.matcher(lines.isEmpty() ? "" : lines.get(0));
            if (!count.matches() || Integer.parseInt(count.group(1)) != lines.size() - 1) {
                throw failure(run, input, "not one problem per line after the heading:\n" + excerpt(stderr));
            }
            for (String line : lines.subList(1, lines.size())) {
                if (!problem.matcher(line).matches()) {
                    throw failure(run, input, "a problem without file:line:col:\n" + excerpt(line));
                }
            }
        }
        assertThat(run).as("cases checked in %d s", BUDGET_SECONDS).isGreaterThanOrEqualTo(Math.min(CASES, 300));
        assertThat(valid).as("valid templates among %d", run).isPositive();
    }

    private AssertionError failure(int index, byte[] input, String what) throws Exception {
        Path kept = Path.of("target", "fuzz-failures", "seed-" + SEED + "-case-" + index + ".json");
        Files.createDirectories(kept.getParent());
        Files.write(kept, input);
        return new AssertionError("case " + index + " of seed " + SEED + " (kept in " + kept.toAbsolutePath()
                + "): " + what);
    }

    private static String excerpt(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }

    @Test
    void theGeneratorIsDeterministic() {
        TemplateGenerator a = new TemplateGenerator(7);
        TemplateGenerator b = new TemplateGenerator(7);
        for (int i = 0; i < 20; i++) {
            if (!java.util.Arrays.equals(a.next(), b.next())) {
                fail("case " + i + " differs");
            }
        }
    }
}
