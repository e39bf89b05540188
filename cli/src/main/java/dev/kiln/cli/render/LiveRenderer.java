package dev.kiln.cli.render;

import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.KilnEvent;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.event.ProgressEvent;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The shell's human output: another renderer's lines (Packer's) scroll above a {@link StatusArea} that shows one line
 * per running build: its name, how long it has run, and what it does now (its last headline), or, while a pull, push,
 * save or upload reports progress, a bar with the bytes done. Redrawn five times a second from {@link #start} until
 * {@link #summary}, which leaves the screen as plain output would.
 */
public final class LiveRenderer implements Renderer {

    static final int MAX_LINES = 8;
    private static final int BAR = 24;

    private final Renderer lines;
    private final StatusArea area;
    private final LongSupplier nanoTime;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;

    private static final class Running {
        final long started;
        String activity = "";
        ProgressEvent progress;

        Running(long started) {
            this.started = started;
        }
    }

    /**
     * @param lines the renderer whose lines scroll above, writing to {@code area}'s {@link StatusArea#stream()}
     * @param area the status area
     */
    public LiveRenderer(Renderer lines, StatusArea area) {
        this(lines, area, System::nanoTime);
    }

    LiveRenderer(Renderer lines, StatusArea area, LongSupplier nanoTime) {
        this.lines = lines;
        this.area = area;
        this.nanoTime = nanoTime;
    }

    @Override
    public void attach(EventBus bus) {
        // Subscribed before the lines' renderer: the status is up to date when its line redraws the area.
        bus.subscribe(KilnEvent.class, this::update);
        lines.attach(bus);
    }

    @Override
    public void start(List<String> builds) {
        lines.start(builds);
        synchronized (this) {
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "kiln-status");
                    thread.setDaemon(true);
                    return thread;
                });
                ticker.scheduleAtFixedRate(this::tick, 200, 200, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void say(String message) {
        lines.say(message);
    }

    @Override
    public void problems(String heading, List<String> problems) {
        lines.problems(heading, problems);
    }

    @Override
    public void reports(String heading, List<TemplateProblem> problems) {
        lines.reports(heading, problems);
    }

    @Override
    public void warningReports(String heading, List<TemplateProblem> warnings) {
        lines.warningReports(heading, warnings);
    }

    @Override
    public void summary(List<BuildFinished> outcomes, Duration wall, boolean interrupted) {
        close();
        lines.summary(outcomes, wall, interrupted);
    }

    /** Stops the redraws and takes the area off the screen. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = ticker;
            ticker = null;
            running.clear();
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        area.clear();
    }

    private synchronized void update(KilnEvent event) {
        if (event.build().isEmpty()) {
            return;
        }
        if (event instanceof BuildFinished) {
            running.remove(event.build());
        } else {
            Running build = running.computeIfAbsent(event.build(), name -> new Running(nanoTime.getAsLong()));
            if (event instanceof LogEvent log && log.level() == LogEvent.Level.SAY) {
                build.activity = log.message().lines().findFirst().orElse("");
                build.progress = null;
            } else if (event instanceof ProgressEvent progress) {
                build.progress = progress;
            }
        }
        area.set(render());
    }

    /** One redraw: the elapsed times move on, the latest progress shows. */
    void tick() {
        synchronized (this) {
            if (ticker == null) {
                return;
            }
            area.set(render());
        }
        area.refresh();
    }

    /** The lines the area shows now. */
    synchronized List<String> render() {
        List<String> out = new ArrayList<>();
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Running> entry : running.entrySet()) {
            if (out.size() == MAX_LINES - 1 && running.size() > MAX_LINES) {
                out.add("... and " + (running.size() - out.size()) + " more builds");
                break;
            }
            Running build = entry.getValue();
            StringBuilder line = new StringBuilder(entry.getKey()).append("  ")
                    .append(elapsed(Duration.ofNanos(now - build.started))).append("  ");
            ProgressEvent progress = build.progress;
            if (progress == null) {
                line.append(build.activity);
            } else {
                if (progress.total() > 0) {
                    line.append(bar(progress.done(), progress.total())).append(' ')
                            .append(bytes(progress.done())).append(" / ").append(bytes(progress.total()));
                } else {
                    line.append(bytes(progress.done()));
                }
                line.append("  ").append(progress.task());
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
    static String elapsed(Duration duration) {
        long seconds = Math.max(duration.toSeconds(), 0);
        long hours = seconds / 3600;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** {@code [=========>              ]}; full when done reaches (or passes) the total. */
    static String bar(long done, long total) {
        int filled = (int) Math.min(BAR, done * BAR / total);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return bar.append(']').toString();
    }

    /** Sizes as the docker CLI shows them: decimal units, one decimal place ({@code 12.3 MB}). */
    static String bytes(long count) {
        if (count < 1000) {
            return count + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
