package com.bakeryia.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeletionJobApiIntegrationTests extends OrchestratorTestSupport {

    private static final String JOBS = "/api/v1/deletion-jobs/";

    @Test
    void createsAJobWithOneStepPerServiceTheFinalOneLast() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        Answer created = put(JOBS + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, null));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).isEqualTo(JOBS + jobId);
        JsonNode job = created.json();
        assertThat(job.path("job_id").asText()).isEqualTo(jobId.toString());
        assertThat(job.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(job.path("status").asText()).isEqualTo("PENDING");
        assertThat(job.path("reason").asText()).isEqualTo("owner asked");
        assertThat(job.path("links").path("self").asText()).isEqualTo(JOBS + jobId);
        assertThat(job.path("steps")).hasSize(SERVICES.size());
        assertThat(job.path("steps").get(12).path("service_name").asText()).isEqualTo("tenant-service");
    }

    @Test
    void answersARepeatedPutWithTheSameJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);

        Answer again = put(JOBS + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, null));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("job_id").asText()).isEqualTo(jobId.toString());
        assertThat(countJobsOfTenant(tenant)).isEqualTo(1);
    }

    @Test
    void answersAnotherJobIdForATenantWithAnActiveJobWithTheActiveJob() {
        UUID tenant = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        String later = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertThat(put(JOBS + first, tenantServiceToken(tenant, first), jobBody(tenant, later))
                        .status())
                .isEqualTo(201);
        UUID second = UUID.randomUUID();

        Answer answer = put(JOBS + second, tenantServiceToken(tenant, second), jobBody(tenant, null));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("job_id").asText()).isEqualTo(first.toString());
        assertThat(answer.location()).isEqualTo(JOBS + first);
        assertThat(get(JOBS + second, opsToken()).status()).isEqualTo(404);
        assertThat(countJobsOfTenant(tenant)).isEqualTo(1);
    }

    @Test
    void createsOneJobFromConcurrentPutsForOneTenant() throws Exception {
        UUID tenant = UUID.randomUUID();
        String later = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                UUID jobId = UUID.randomUUID();
                answers.add(executor.submit(
                        () -> put(JOBS + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, later))));
            }
        }
        Set<String> jobIds = new HashSet<>();
        int created = 0;
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).isIn(200, 201);
            created += answer.get().status() == 201 ? 1 : 0;
            jobIds.add(answer.get().json().path("job_id").asText());
        }
        assertThat(created).isEqualTo(1);
        assertThat(jobIds).hasSize(1);
        assertThat(countJobsOfTenant(tenant)).isEqualTo(1);
    }

    @Test
    void refusesAJobIdTakenByAnotherTenant() {
        UUID jobId = createJob(UUID.randomUUID());
        UUID otherTenant = UUID.randomUUID();

        Answer conflict = put(JOBS + jobId, tenantServiceToken(otherTenant, jobId), jobBody(otherTenant, null));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
    }

    @Test
    void rejectsAServiceTokenBoundToAnotherTenantOrJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        Answer otherTenant = put(JOBS + jobId, tenantServiceToken(UUID.randomUUID(), jobId), jobBody(tenant, null));
        Answer otherJob = put(JOBS + jobId, tenantServiceToken(tenant, UUID.randomUUID()), jobBody(tenant, null));

        assertThat(otherTenant.status()).isEqualTo(403);
        assertThat(otherTenant.contentType()).startsWith("application/problem+json");
        assertThat(otherJob.status()).isEqualTo(403);
        assertThat(get(JOBS + jobId, opsToken()).status()).isEqualTo(404);
    }

    @Test
    void rejectsServiceTokensOfAnotherAudienceScopeOrIssuer() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String body = jobBody(tenant, null);
        String otherAudience = TENANT_SERVICE
                .token()
                .audience("orders-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_WRITE)
                .tenant(tenant)
                .jobId(jobId.toString())
                .sign();
        String otherScope = TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.TENANT_DATA_DELETE)
                .tenant(tenant)
                .jobId(jobId.toString())
                .sign();
        String forged = TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_WRITE)
                .tenant(tenant)
                .jobId(jobId.toString())
                .signature(TestTokenAuthority.Signature.FOREIGN_KEY)
                .sign();

        assertThat(put(JOBS + jobId, otherAudience, body).status()).isEqualTo(403);
        assertThat(put(JOBS + jobId, otherScope, body).status()).isEqualTo(403);
        Answer forgedAnswer = put(JOBS + jobId, forged, body);
        assertThat(forgedAnswer.status()).isEqualTo(401);
        assertThat(forgedAnswer.contentType()).startsWith("application/problem+json");
        assertThat(put(JOBS + jobId, null, body).status()).isEqualTo(401);
        assertThat(get(JOBS + jobId, opsToken()).status()).isEqualTo(404);
    }

    @Test
    void letsOnlyOpsUsersReadJobs() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        String path = JOBS + jobId;

        Answer anonymous = get(path, null);
        Answer plainUser = get(path, userToken());
        Answer service = get(path, tenantServiceToken(tenant, jobId));
        Answer ops = get(path, opsToken());
        Answer opsByScope = get(
                path,
                USERS.token()
                        .signature(TestTokenAuthority.Signature.RS256)
                        .subject(UUID.randomUUID().toString())
                        .audience(USER_TOKEN_AUDIENCE)
                        .claim("scope", "openid deletion-ops")
                        .sign());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(plainUser.status()).isEqualTo(403);
        assertThat(plainUser.contentType()).startsWith("application/problem+json");
        assertThat(service.status()).as("the write scope does not read").isEqualTo(403);
        assertThat(ops.status()).isEqualTo(200);
        // Issue 15: a client could ask its identity provider for scope deletion-ops and became an operator.
        assertThat(opsByScope.status())
                .as("deletion-ops in scope grants nothing")
                .isEqualTo(403);
    }

    /**
     * Every endpoint refuses an anonymous caller (401) and a user without the role (403), and
     * answers an ops user from its controller (a route that is gone, 404, fails here), or refuses
     * the operator the admin actions.
     */
    @Test
    void everyOpsEndpointAnswersOpsUsersOnlyAndExists() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        record Endpoint(String method, String path, String body, int opsStatus, String opsAnswerHas) {}
        UUID newTenant = UUID.randomUUID();
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", JOBS + jobId, null, 200, "\"job_id\":\"" + jobId + "\""),
                new Endpoint("GET", JOBS + jobId + "/receipt", null, 200, "\"receipt\":"),
                new Endpoint("GET", JOBS + jobId + "/audit", null, 200, "\"chain\":"),
                new Endpoint("GET", "/api/v1/deletion-jobs", null, 200, "\"items\":"),
                new Endpoint("GET", "/api/v1/deletion-jobs?tenant_id=" + tenant, null, 200, jobId.toString()),
                new Endpoint("GET", "/api/v1/tenants/" + tenant + "/deletion-preview", null, 200, "\"services\":"),
                // A COMPLETED job can be neither retried nor cancelled: the controller says so.
                new Endpoint("POST", JOBS + jobId + "/retry", "", 409, "urn:bakery-ia:problem:job-state-conflict"),
                // Issue 15: an operator alone created and cancelled jobs; only tenant-service or two admins may.
                new Endpoint("POST", JOBS + jobId + "/cancel", "", 403, "\"status\":403"),
                new Endpoint(
                        "PUT",
                        JOBS + UUID.randomUUID(),
                        jobBody(newTenant, "2999-01-01T00:00:00Z"),
                        403,
                        "\"status\":403"));

        for (Endpoint endpoint : endpoints) {
            String name = endpoint.method() + " " + endpoint.path();
            Answer anonymous = send(endpoint.method(), endpoint.path(), null, endpoint.body());
            Answer plainUser = send(endpoint.method(), endpoint.path(), userToken(), endpoint.body());
            Answer ops = send(endpoint.method(), endpoint.path(), opsToken(), endpoint.body());

            assertThat(anonymous.status()).as(name).isEqualTo(401);
            assertThat(anonymous.contentType()).as(name).startsWith("application/problem+json");
            assertThat(plainUser.status()).as(name).isEqualTo(403);
            assertThat(plainUser.contentType()).as(name).startsWith("application/problem+json");
            assertThat(ops.status()).as("%s for ops: %s", name, ops.text()).isEqualTo(endpoint.opsStatus());
            assertThat(ops.text()).as(name).contains(endpoint.opsAnswerHas());
        }
    }

    @Test
    void rejectsMalformedRequestsWithProblems() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String token = tenantServiceToken(tenant, jobId);

        Answer unknownField = put(
                JOBS + jobId, token, "{\"tenant_id\":\"" + tenant + "\",\"requested_by\":\"u\",\"colour\":\"red\"}");
        Answer missingRequester = put(JOBS + jobId, token, "{\"tenant_id\":\"" + tenant + "\"}");
        Answer badId = get(JOBS + "not-a-uuid", opsToken());
        Answer unknown = get(JOBS + UUID.randomUUID(), opsToken());

        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(missingRequester.status()).isEqualTo(400);
        assertThat(missingRequester.contentType()).startsWith("application/problem+json");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void listsJobsByTenantAndStatusPageByPage() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        UUID second = createJob(tenant);
        awaitStatus(second, "COMPLETED", Duration.ofSeconds(20));

        JsonNode page = get("/api/v1/deletion-jobs?tenant_id=" + tenant + "&size=1&page=0", opsToken())
                .json();
        JsonNode completed = get("/api/v1/deletion-jobs?tenant_id=" + tenant + "&status=COMPLETED", opsToken())
                .json();
        JsonNode pending = get("/api/v1/deletion-jobs?tenant_id=" + tenant + "&status=PENDING", opsToken())
                .json();

        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total_items").asLong()).isEqualTo(2);
        assertThat(page.path("total_pages").asLong()).isEqualTo(2);
        assertThat(page.path("items").get(0).path("job_id").asText()).isEqualTo(second.toString());
        assertThat(completed.path("items")).hasSize(2);
        assertThat(pending.path("items")).isEmpty();
        assertThat(get("/api/v1/deletion-jobs?status=DONE", opsToken()).status())
                .isEqualTo(400);
        assertThat(get("/api/v1/deletion-jobs?size=1000", opsToken()).status()).isEqualTo(400);
    }

    @Test
    void refusesToRetryAJobThatDidNotFail() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        Answer retry = post(JOBS + jobId + "/retry", opsToken());

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().path("detail").asText()).contains("only a FAILED job can be retried");
    }

    private long countJobsOfTenant(UUID tenant) {
        return get("/api/v1/deletion-jobs?tenant_id=" + tenant, opsToken())
                .json()
                .path("total_items")
                .asLong();
    }
}
