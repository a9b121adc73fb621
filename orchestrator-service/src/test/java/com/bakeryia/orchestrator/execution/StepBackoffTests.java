package com.bakeryia.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.bakeryia.orchestrator.store.JobsProperties;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class StepBackoffTests {

    private static final JobsProperties.Retry DEFAULTS =
            new JobsProperties.Retry(Duration.ofSeconds(10), Duration.ofMinutes(15), 0.5, Duration.ofHours(1));

    @Test
    void doublesFromTheInitialBackoffUpToTheCapWithoutJitterAtTheMiddle() {
        StepBackoff backoff = new StepBackoff(DEFAULTS, fixed(0.5));

        assertThat(backoff.counted(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.counted(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.counted(6)).isEqualTo(Duration.ofSeconds(640));
        assertThat(backoff.counted(7)).isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.counted(1000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void spreadsEachWaitByTheJitterEitherWay() {
        assertThat(new StepBackoff(DEFAULTS, fixed(0)).counted(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(new StepBackoff(DEFAULTS, fixed(0.999999)).counted(0))
                .isBetween(Duration.ofMillis(14_999), Duration.ofSeconds(15));
        assertThat(new StepBackoff(DEFAULTS, fixed(0)).counted(20)).isEqualTo(Duration.ofSeconds(450));
    }

    @Test
    void honoursARequestedWaitUpToMaxRetryAfter() {
        StepBackoff backoff = new StepBackoff(DEFAULTS, fixed(0.5));

        assertThat(backoff.requested(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.requested(Duration.ofHours(5))).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.requested(Duration.ofSeconds(-3))).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesPropertiesThatMakeNoSense() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JobsProperties.Retry(Duration.ZERO, Duration.ofMinutes(15), 0.5, Duration.ofHours(1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new JobsProperties.Retry(Duration.ofMinutes(20), Duration.ofMinutes(15), 0.5, Duration.ofHours(1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JobsProperties.Retry(Duration.ofSeconds(10), Duration.ofMinutes(15), 1, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new JobsProperties(Duration.ZERO, DEFAULTS));
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
