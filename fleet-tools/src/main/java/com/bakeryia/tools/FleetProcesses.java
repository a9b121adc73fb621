package com.bakeryia.tools;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and kills services of the fleet through {@code scripts/fleet}, the same script a
 * developer uses: the tests run the real jars as separate processes.
 */
public final class FleetProcesses {

    private static final Logger log = LoggerFactory.getLogger(FleetProcesses.class);
    private static final long SCRIPT_TIMEOUT_MINUTES = 5;

    private final FleetSettings settings;
    private final Map<String, String> environment;

    /**
     * @param settings the fleet
     * @param extraEnvironment variables every service started from here gets (service properties)
     */
    public FleetProcesses(FleetSettings settings, Map<String, String> extraEnvironment) {
        this.settings = settings;
        this.environment = new LinkedHashMap<>(extraEnvironment);
        this.environment.putAll(settings.scriptEnvironment());
    }

    public FleetSettings settings() {
        return settings;
    }

    /** Starts the named instances ({@code name} or {@code name@2}), all when none, and waits until ready. */
    public String up(String... instances) {
        return run("up", instances);
    }

    /** Stops the named instances gracefully, all when none. */
    public String down(String... instances) {
        return run("down", instances);
    }

    /** SIGKILLs the named instances. */
    public String kill(String... instances) {
        return run("kill", instances);
    }

    public String status() {
        return run("status");
    }

    private String run(String command, String... arguments) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(settings.repoRoot().resolve("scripts/fleet").toString());
        commandLine.add(command);
        commandLine.addAll(List.of(arguments));
        log.info("scripts/fleet {} {}", command, String.join(" ", arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .directory(settings.repoRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("scripts/fleet " + command + " did not finish in "
                        + SCRIPT_TIMEOUT_MINUTES + " minutes:\n" + output);
            }
            log.info("scripts/fleet {}:\n{}", command, output.strip());
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "scripts/fleet " + command + " failed (exit " + process.exitValue() + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run scripts/fleet " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running scripts/fleet " + command, e);
        }
    }
}
