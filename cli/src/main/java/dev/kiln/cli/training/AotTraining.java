package dev.kiln.cli.training;

import dev.kiln.cli.KilnCli;
import dev.kiln.cli.LogSettings;
import dev.kiln.cli.command.Session;
import dev.kiln.cli.repl.Terminals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The training run of the ahead-of-time cache (Java 25 and newer, JEP 483/514), which {@code bin/kiln} starts in the
 * background under {@code -XX:AOTMode=record}: one scripted shell session that validates the bundled HCL2 and JSON
 * templates and builds both, against a {@link FakeDockerEngine} in this JVM, so that the cache holds what a build
 * loads and links all the way to its artifacts (the engine client, the builder's steps, the shell provisioner,
 * docker-tag), not only what it does up to its first engine call. The user's engine is never asked anything.
 *
 * <pre>{@code
 * DOCKER_HOST=unix://$aot.training/engine.sock java -XX:AOTMode=record ... dev.kiln.cli.training.AotTraining \
 *     "$KILN_HOME/lib/training/template.pkr.hcl" "$KILN_HOME/lib/training/template.json"
 * }</pre>
 *
 * <p>The engine is where {@code DOCKER_HOST} points (Docker components read the process's environment), which must be a
 * {@code unix://} socket that does not exist yet: the fake listens there, and the run refuses to start otherwise, so
 * a build of the training can never reach a real engine. The bundled templates name no {@code docker_host}.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /**
     * Runs the training and exits with its exit code: 0 when both templates validated and built, 2 when
     * {@code DOCKER_HOST} names no socket the fake engine could listen on (nothing is built then).
     *
     * @param args the HCL2 template and the JSON template, in that order
     */
    public static void main(String[] args) {
        LogSettings.setUp(System.getenv("KILN_LOG")); // as KilnCli.main sets up a command
        if (args.length != 2) {
            System.err.println("usage: AotTraining TEMPLATE.pkr.hcl TEMPLATE.json (with DOCKER_HOST=unix://SOCKET)");
            System.exit(2);
        }
        Path socket = unixSocket(System.getenv("DOCKER_HOST"));
        if (socket == null) {
            System.err.println("AotTraining: DOCKER_HOST must name the unix socket of the training's own engine");
            System.exit(2);
        }
        Terminals.interactive(); // asked, as KilnCli.main asks, so that what it loads is recorded; the run is a script
        int code;
        try (FakeDockerEngine engine = FakeDockerEngine.start(socket);
             Session session = new Session(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                     false)) {
            code = run(session, Path.of(args[0]), Path.of(args[1]));
        } catch (IOException e) {
            System.err.println("AotTraining: the training's engine cannot listen on '" + socket + "': " + e);
            code = 2;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs the training's shell script in {@code session}: each template loaded, validated and built, without colour.
     *
     * @return the shell's exit code: 0 when every command succeeded
     */
    static int run(Session session, Path hcl, Path json) {
        String script = String.format("load \"%s\"%nvalidate%nbuild -color=false%n"
                + "load \"%s\"%nvalidate%nbuild -color=false%nexit%n", hcl.toAbsolutePath(), json.toAbsolutePath());
        return KilnCli.run(session, new ByteArrayInputStream(script.getBytes(Charset.defaultCharset())), false,
                "shell");
    }

    /** The socket of a {@code unix://} engine address, or null for any other or none. */
    static Path unixSocket(String dockerHost) {
        if (dockerHost == null || !dockerHost.startsWith("unix://") || dockerHost.length() == "unix://".length()) {
            return null;
        }
        return Path.of(dockerHost.substring("unix://".length()));
    }
}
