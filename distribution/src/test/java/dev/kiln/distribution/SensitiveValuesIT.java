package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code bin/kiln} against the real engine, with a sensitive value in every place a template can put
 * one: it shows as {@code <sensitive>} in the human and the machine-readable output, in the diagnostic log
 * ({@code KILN_LOG=debug}) and in the wire log ({@code KILN_LOG=debug,wire}), and never as itself, not even in
 * pieces: also where a command's output line is cut at 64 KiB in the middle of it.
 */
class SensitiveValuesIT extends EngineTest {

    /** Lower case, as an image repository must be; its halves are not hex, so no image or container id has them. */
    private static final String SECRET = "kiln-s3cret-qz9w";
    /** Where a line is cut: the docker communicator's 64 KiB. */
    private static final int PIECE = 64 * 1024;
    /** Output before the secret on the long line, so the secret straddles the first piece boundary. */
    private static final int BEFORE = PIECE - 6;

    @BeforeEach
    void writeTemplate() throws Exception {
        // three builds: 'ok' puts the value everywhere and succeeds; 'err' fails with it on a command's stderr;
        // 'dl' fails with it in the error (a download source), which the debug log shows with its stack trace
        template("""
                {
                  "variables": { "pw": "%s" },
                  "sensitive-variables": ["pw"],
                  "builders": [
                    { "type": "docker", "name": "ok", "image": "BASE", "pull": false, "commit": true,
                      "run_command": ["-d", "-i", "-t", "-e", "RUNPW={{user `pw`}}", "--entrypoint=/bin/sh", "--",
                                      "{{.Image}}"],
                      "changes": ["ENV CHPW={{user `pw`}}", "LABEL pw={{user `pw`}}"] },
                    { "type": "docker", "name": "err", "image": "BASE", "pull": false, "discard": true },
                    { "type": "docker", "name": "dl", "image": "BASE", "pull": false, "discard": true }
                  ],
                  "provisioners": [
                    { "type": "shell", "only": ["ok"], "environment_vars": ["SECRET_ENV={{user `pw`}}"],
                      "inline": ["echo inline {{user `pw`}}", "echo env $SECRET_ENV",
                                 "head -c %d /dev/zero | tr '\\\\0' x; echo {{user `pw`}}"] },
                    { "type": "shell", "only": ["err"], "inline": ["echo failed {{user `pw`}} >&2; exit 3"] },
                    { "type": "file", "only": ["dl"], "direction": "download", "source": "/missing/{{user `pw`}}",
                      "destination": "out/" }
                  ],
                  "post-processors": [ { "type": "docker-tag", "only": ["ok"], "repository": "kiln-test/{{user `pw`}}",
                                         "tags": ["t-{{user `pw`}}"] } ]
                }
                """.formatted(SECRET, BEFORE));
    }

    @Test
    void humanOutputAndTheDebugLogShowTheMaskWhereTheValueWas() throws Exception {
        KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug"), "build", "-color=false",
                "template.json").await(Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(head(result)).isEqualTo(1);
        assertNowhere(result);
        assertThat(result.stdout()).contains(
                "    ok: Run command: docker run -d -i -t -e RUNPW=<sensitive> --entrypoint=/bin/sh -- " + base,
                "    ok: inline <sensitive>\n",
                "    ok: env <sensitive>\n",
                "==> err: failed <sensitive>\n",
                "==> dl: Downloading /missing/<sensitive> => out/\n",
                "    ok (docker-tag): Repository: kiln-test/<sensitive>:t-<sensitive>\n",
                "--> ok: Imported Docker image: kiln-test/<sensitive>:t-<sensitive>");
        // the line over 64 KiB comes in two pieces, the value masked whole although the cut falls inside it; the
        // three builds run in parallel, so another build's line may fall between the pieces: look at ok's lines only
        String okLines = linesOf("ok", result.stdout());
        assertThat(okLines.contains("    ok: " + "x".repeat(BEFORE) + "\n    ok: <sensitive>\n"))
                .as("the long line's pieces; around the x's stdout has:%n%s", aroundLongLine(result.stdout())).isTrue();
        assertThat(result.stderr()).contains(
                "DEBUG dev.kiln.runtime.build.BuildRun - build dl failed",
                "CommunicatorException: Download source '/missing/<sensitive>' does not exist",
                "\tat ",
                "--> dl: Download source '/missing/<sensitive>' does not exist");
        assertThat(result.stderr()).as("the wire log is off at debug").doesNotContain("com.github.dockerjava");
        assertThat(engine.inspectImage("kiln-test/" + SECRET + ":t-" + SECRET).env())
                .as("the value went where the template put it").contains("CHPW=" + SECRET, "RUNPW=" + SECRET);
    }

    @Test
    void machineReadableOutputAndTheWireLogShowTheMaskWhereTheValueWas() throws Exception {
        KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug,wire"), "build",
                "-machine-readable", "template.json").await(Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(head(result)).isEqualTo(1);
        assertNowhere(result);
        assertThat(result.stdout()).contains(
                ",ui,message,    ok: Run command: docker run -d -i -t -e RUNPW=<sensitive> ",
                ",ui,message,    ok: inline <sensitive>\n",
                ",ui,message,    ok: env <sensitive>\n",
                ",ui,message,    ok: <sensitive>\n",
                ",ui,error,==> err: failed <sensitive>\n",
                ",ok,artifact,1,id,kiln-test/<sensitive>:t-<sensitive>\n",
                ",dl,error,Download source '/missing/<sensitive>' does not exist");
        assertThat(result.stderr()).contains(
                "\"Env\":[\"RUNPW=<sensitive>\"",                         // the container create request
                "echo inline <sensitive>",          // the script, in the exec's command (inline runs in one exec)
                "SECRET_ENV='<sensitive>'",                              // the exec command
                "changes=ENV+CHPW%3D<sensitive>&changes=LABEL+pw%3D<sensitive>", // the commit query
                "tag?repo=kiln-test%2F<sensitive>&tag=t-<sensitive>",      // the tag query
                "archive?path=%2Fmissing%2F<sensitive>");                  // the download
    }

    /** The value appears nowhere, whole or in halves; on failure, the lines that have it say where. */
    private static void assertNowhere(KilnProcess.Result result) {
        String all = result.stdout() + result.stderr();
        for (String piece : List.of(SECRET, "kiln-s3", "s3cret", "qz9w")) {
            assertThat(all.contains(piece)).as("'%s' shows in:%n%s", piece, linesWith(all, piece)).isFalse();
        }
        assertThat(all).contains("<sensitive>");
    }

    /** The stdout lines around the long line, each cut to 100 characters, for a failure message. */
    private static String aroundLongLine(String stdout) {
        int x = stdout.indexOf("xxxxxxxxxx");
        if (x < 0) {
            return "(no x's at all)";
        }
        String around = stdout.substring(Math.max(0, x - 300), Math.min(stdout.length(), x + BEFORE + 400));
        StringBuilder lines = new StringBuilder();
        around.lines().forEach(line -> lines.append(line.length() > 100 ? line.substring(0, 50) + "…(" + line.length()
                + " chars)…" + line.substring(line.length() - 40) : line).append('\n'));
        return lines.toString();
    }

    /** The lines one build printed, in their order, each ending in a newline. */
    private static String linesOf(String build, String stdout) {
        return stdout.lines()
                .filter(line -> line.startsWith("    " + build + ": ") || line.startsWith("==> " + build + ": "))
                .map(line -> line + "\n").collect(Collectors.joining());
    }

    private static String linesWith(String text, String piece) {
        return text.lines().filter(line -> line.contains(piece))
                .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line)
                .limit(20).collect(Collectors.joining("\n"));
    }

    /** The start of the output, for a failed exit-code assertion (the long line would drown the rest). */
    private static String head(KilnProcess.Result result) {
        String all = result.stdout() + result.stderr();
        return all.lines().map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line).limit(80)
                .collect(Collectors.joining("\n"));
    }
}
