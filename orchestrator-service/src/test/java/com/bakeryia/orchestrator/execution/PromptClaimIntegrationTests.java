package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The worker polls once at start and then once an hour: a job created or retried on its instance
 * runs anyway, because the instance claims it as soon as it is due.
 */
@TestPropertySource(properties = "orchestrator.worker.poll-interval=1h")
class PromptClaimIntegrationTests extends OrchestratorTestSupport {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void claimsAJobCreatedThroughTheApiWithoutWaitingForTheNextPoll() {
        UUID tenant = UUID.randomUUID();

        JsonNode job = awaitStatus(createJob(tenant), "COMPLETED", PROMPTLY);

        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertThat(FLEET.deletions(tenant)).hasSize(SERVICES.size());
    }

    @Test
    void claimsARetriedJobWithoutWaitingForTheNextPoll() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("suppliers-service", tenant, status(403));
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "FAILED", PROMPTLY);

        Answer retried = post("/api/v1/deletion-jobs/" + jobId + "/retry", opsToken());
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        JsonNode job = awaitStatus(jobId, "COMPLETED", PROMPTLY);

        assertThat(job.path("attempt").asInt()).isEqualTo(2);
        assertThat(FLEET.deletions(tenant, "suppliers-service")).hasSize(2);
        assertThat(FLEET.deletions(tenant, "tenant-service")).hasSize(1);
    }
}
