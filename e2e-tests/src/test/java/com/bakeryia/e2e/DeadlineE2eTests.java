package com.bakeryia.e2e;

import static com.bakeryia.e2e.ServiceOutageE2eTests.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.ErasureChecks.StartedErasure;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job that cannot finish before its deadline: the orchestrator runs with a deadline of 20 s (and
 * two call attempts, so that the job goes RETRYING well before it), a domain service stays down; the
 * job retries with backoff, then is FAILED with reason {@code deadline}, naming the service. With the
 * usual settings and the service back, an ops retry (a new deadline) completes it.
 */
@ExtendWith(FleetExtension.class)
class DeadlineE2eTests {

    private static final String SERVICE = "recipes-service";
    private static final Map<String, String> SHORT_DEADLINE = Map.of(
            "ORCHESTRATOR_JOBS_DEADLINE", "PT20S",
            "RESILIENCE4J_RETRY_CONFIGS_DEFAULT_MAXATTEMPTS", "2");

    @AfterEach
    void restoreTheUsualSettings(RunningFleet fleet) {
        fleet.processes().down("orchestrator-service");
        fleet.ensureAllUp();
    }

    @Test
    void aJobPastItsDeadlineIsFailedWithReasonDeadline(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(2_400);
        String ops = fleet.tokens().ops();
        fleet.processes().down("orchestrator-service");
        fleet.withSettings(SHORT_DEADLINE).up("orchestrator-service");
        fleet.processes().down(SERVICE);

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        Set<String> statuses = new LinkedHashSet<>();
        JsonNode failed = fleet.api()
                .awaitFinal(
                        ops,
                        erasure.job(),
                        Duration.ofMinutes(2),
                        Duration.ofMillis(200),
                        node -> statuses.add(node.path("status").asText()));

        assertThat(failed.path("status").asText()).as(failed.toPrettyString()).isEqualTo("FAILED");
        assertThat(failed.path("failure_reason").asText()).isEqualTo("deadline");
        assertThat(failed.path("error").asText()).contains(SERVICE);
        assertThat(statuses).as("statuses seen before the deadline").contains("RETRYING");
        assertThat(step(failed, SERVICE).path("retries").asInt())
                .as("durable retries of %s's step before the deadline", SERVICE)
                .isPositive();
        assertThat(Instant.parse(failed.path("finished_at").asText()))
                .as("FAILED once the deadline had passed")
                .isAfterOrEqualTo(Instant.parse(failed.path("deadline").asText()));
        assertThat(fleet.database().isTombstoned(tenant.id())).isFalse();

        fleet.processes().down("orchestrator-service");
        fleet.ensureAllUp();
        ApiResponse retried = fleet.api().retry(ops, erasure.job());
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        fleet.api().awaitStatus(ops, erasure.job(), "COMPLETED", Duration.ofMinutes(2));
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
    }
}
