package com.bakeryia.training.model;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where trained model files live.
 *
 * @param artifactsDir the directory holding one sub-directory per tenant, named by its id, with the
 *     files of the tenant's models (environment {@code TRAINING_ARTIFACTS_DIR})
 */
@ConfigurationProperties("training")
public record TrainingArtifactsProperties(
        @DefaultValue("./data/training-artifacts") Path artifactsDir) {}
