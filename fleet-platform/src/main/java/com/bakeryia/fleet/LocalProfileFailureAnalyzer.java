package com.bakeryia.fleet;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link LocalProfileGuard}'s refusal as a start-up failure with its action. */
final class LocalProfileFailureAnalyzer
        extends AbstractFailureAnalyzer<LocalProfileGuard.LocalProfileRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LocalProfileGuard.LocalProfileRefusedException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Remove 'local' from spring.profiles.active (SPRING_PROFILES_ACTIVE) outside a laptop, or set "
                        + LocalProfileGuard.OVERRIDE + "=true where the profile is meant (docker-compose)",
                cause);
    }
}
