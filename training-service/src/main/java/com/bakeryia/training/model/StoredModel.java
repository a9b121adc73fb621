package com.bakeryia.training.model;

import java.util.UUID;

/**
 * A trained model whose file was written and whose rows were committed.
 *
 * @param modelId the {@code trained_models} row
 * @param artifactId the {@code model_artifacts} row
 * @param relativePath the file, relative to {@code training.artifacts-dir}
 * @param sizeBytes the file's size
 * @param sha256 the file's SHA-256, lower-case hex
 */
public record StoredModel(UUID modelId, UUID artifactId, String relativePath, long sizeBytes, String sha256) {}
