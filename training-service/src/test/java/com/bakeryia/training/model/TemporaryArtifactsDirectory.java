package com.bakeryia.training.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Gives a test's application context a fresh {@code training.artifacts-dir} and removes it, with
 * whatever was left in it, when the context closes:
 * {@code @ContextConfiguration(initializers = TemporaryArtifactsDirectory.class)}.
 */
public class TemporaryArtifactsDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path directory;
        try {
            directory = Files.createTempDirectory("bakery-training-artifacts-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "temporaryTrainingArtifactsDirectory", Map.of("training.artifacts-dir", directory.toString())));
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                try {
                    FileSystemUtils.deleteRecursively(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
