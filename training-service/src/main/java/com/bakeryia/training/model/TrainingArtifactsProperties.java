package com.bakeryia.training.model;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where trained model files live.
 *
 * @param artifactsDir the directory holding one sub-directory per tenant, named by its id, with the
 *     files of the tenant's models (environment {@code TRAINING_ARTIFACTS_DIR})
 * @param deletionThreads how many threads remove a tenant's files, each its own share of the
 *     tenant directory's entries (one model's directory at a time); a tenant with thousands of models
 *     is otherwise the slowest step of its erasure
 */
@ConfigurationProperties("training")
public record TrainingArtifactsProperties(
        @DefaultValue("./data/training-artifacts") Path artifactsDir,
        @DefaultValue("4") int deletionThreads) {

    public TrainingArtifactsProperties {
        if (deletionThreads < 1) {
            throw new IllegalArgumentException("training.deletion-threads must be at least 1: " + deletionThreads);
        }
    }
}
