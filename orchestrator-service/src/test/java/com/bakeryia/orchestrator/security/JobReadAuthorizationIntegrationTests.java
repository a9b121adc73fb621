package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** tenant-service reads the one job it created, with scope deletion-jobs.read, and nothing else. */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class JobReadAuthorizationIntegrationTests extends OrchestratorTestSupport {

    @Test
    void tenantServiceReadsItsJobWithTheReadScope() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer read = get("/api/v1/deletion-jobs/" + jobId, readToken(tenant, jobId));

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(read.json().path("job_id").asText()).isEqualTo(jobId.toString());
        assertThat(read.json().path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(read.json().path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void tenantServiceReadsTheReceiptOfItsJobForTheOwnerButNotAnotherTenantsOrJobs() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer pending = get("/api/v1/deletion-jobs/" + jobId + "/receipt", readToken(tenant, jobId));
        Answer otherTenant = get("/api/v1/deletion-jobs/" + jobId + "/receipt", readToken(UUID.randomUUID(), jobId));
        Answer otherJob = get("/api/v1/deletion-jobs/" + jobId + "/receipt", readToken(tenant, UUID.randomUUID()));
        Answer writeScope = get("/api/v1/deletion-jobs/" + jobId + "/receipt", tenantServiceToken(tenant, jobId));

        assertThat(pending.status()).as("not COMPLETED yet: " + pending.text()).isEqualTo(409);
        assertThat(otherTenant.status()).as("another tenant's job is not found").isEqualTo(404);
        assertThat(otherTenant.text()).doesNotContain(tenant.toString());
        assertThat(otherJob.status()).isEqualTo(403);
        assertThat(writeScope.status()).isEqualTo(403);
    }

    @Test
    void anOpsUserStillReadsTheJob() {
        UUID jobId = createLaterJob(UUID.randomUUID());

        Answer read = get("/api/v1/deletion-jobs/" + jobId, opsToken());

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(read.json().path("job_id").asText()).isEqualTo(jobId.toString());
    }

    @Test
    void refusesAReadWithoutAToken() {
        UUID jobId = createLaterJob(UUID.randomUUID());

        assertThat(get("/api/v1/deletion-jobs/" + jobId, null).status()).isEqualTo(401);
    }

    @Test
    void theWriteScopeDoesNotReadTheJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer read = get("/api/v1/deletion-jobs/" + jobId, tenantServiceToken(tenant, jobId));

        assertThat(read.status()).as(read.text()).isEqualTo(403);
        assertThat(read.text()).doesNotContain(tenant.toString());
    }

    @Test
    void aTokenForAnotherJobDoesNotReadTheJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer read = get("/api/v1/deletion-jobs/" + jobId, readToken(tenant, UUID.randomUUID()));

        assertThat(read.status()).as(read.text()).isEqualTo(403);
        assertThat(read.text()).doesNotContain(tenant.toString());
    }

    @Test
    void aTokenForAnotherTenantDoesNotReadTheJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer read = get("/api/v1/deletion-jobs/" + jobId, readToken(UUID.randomUUID(), jobId));

        assertThat(read.status()).as(read.text()).isEqualTo(403);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:forbidden");
        assertThat(read.text()).doesNotContain(tenant.toString());
    }

    @Test
    void theReadScopeOpensNoOtherEndpoint() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);
        String token = readToken(tenant, jobId);

        assertThat(get("/api/v1/deletion-jobs", token).status()).isEqualTo(403);
        assertThat(get("/api/v1/deletion-jobs?tenant_id=" + tenant, token).status())
                .isEqualTo(403);
        assertThat(get("/api/v1/deletion-jobs/" + jobId + "/audit", token).status())
                .isEqualTo(403);
        assertThat(post("/api/v1/deletion-jobs/" + jobId + "/cancel", token).status())
                .isEqualTo(403);
        assertThat(put("/api/v1/deletion-jobs/" + UUID.randomUUID(), token, jobBody(tenant, null))
                        .status())
                .isEqualTo(403);
        assertThat(get("/api/v1/deletion-jobs/" + jobId, opsToken())
                        .json()
                        .path("status")
                        .asText())
                .as("the job was not cancelled")
                .isEqualTo("PENDING");
    }

    private static String readToken(UUID tenantId, UUID jobId) {
        return TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_READ)
                .tenant(tenantId)
                .jobId(jobId.toString())
                .sign();
    }

    /**
     * Creates a job as tenant-service does, due only in the far future: this class runs no worker,
     * and a due job left PENDING here would be claimed by another test class sharing the database.
     */
    private UUID createLaterJob(UUID tenantId) {
        UUID jobId = UUID.randomUUID();
        Answer created = put(
                "/api/v1/deletion-jobs/" + jobId,
                tenantServiceToken(tenantId, jobId),
                jobBody(tenantId, "2999-01-01T00:00:00Z"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return jobId;
    }
}
