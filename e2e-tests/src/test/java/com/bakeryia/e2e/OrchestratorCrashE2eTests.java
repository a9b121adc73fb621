package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetDatabase;
import com.bakeryia.tools.FleetService;
import com.bakeryia.tools.ReceiptVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4: the orchestrator killed with SIGKILL while the calls of every domain step of a big
 * tenant's job are in flight. The services go on erasing and record what they erased in their
 * ledgers; the job's next run after the takeover finds little or nothing left, and the receipt must
 * still say what was in PostgreSQL before the DELETE, table by table.
 */
@ExtendWith(FleetExtension.class)
class OrchestratorCrashE2eTests {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorCrashE2eTests.class);

    @AfterEach
    void restartEverything(RunningFleet fleet) {
        fleet.ensureAllUp();
    }

    @Test
    void aJobWhoseOrchestratorWasKilledMidwayCompletesAfterARestartWithEveryStepReportedOnce(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(120_000);
        FleetDatabase database = fleet.database();
        String ops = fleet.tokens().ops();

        ErasureChecks.StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        UUID job = erasure.job();
        long inFlight = awaitEveryDomainStepInFlight(database, job);
        fleet.processes().kill("orchestrator-service");
        log.info("Killed the orchestrator with {} domain steps of job {} in flight", inFlight, job);

        Map<String, Object> atKill = database.jdbc()
                .sql("SELECT j.status, count(*) FILTER (WHERE s.status = 'SUCCEEDED') AS succeeded"
                        + " FROM orchestrator.deletion_job j JOIN orchestrator.deletion_step s ON s.job_id = j.id"
                        + " WHERE j.id = ? GROUP BY j.status")
                .param(job)
                .query()
                .singleRow();
        assertThat(atKill.get("status")).as("job when the orchestrator died").isEqualTo("IN_PROGRESS");
        assertThat((Long) atKill.get("succeeded")).as("steps done when it died").isLessThan(13);
        assertThat(inFlight)
                .as("domain steps whose call was in flight when it died")
                .isPositive();
        assertThat(database.residue(tenant.id()))
                .as("the tenant was only partly erased")
                .isNotEmpty();

        fleet.processes().up("orchestrator-service");
        JsonNode completed = fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(3));

        assertThat(completed.path("attempt").asInt()).as("claims of the job").isEqualTo(2);
        assertThat(database.residue(tenant.id())).isEmpty();
        assertThat(database.artifactFiles(tenant.id())).isZero();
        assertThat(database.isTombstoned(tenant.id())).isTrue();

        List<String> succeeded = database.jdbc()
                .sql("SELECT payload ->> 'service' FROM orchestrator.deletion_audit_event"
                        + " WHERE job_id = ? AND type = 'STEP_SUCCEEDED' ORDER BY sequence")
                .param(job)
                .query(String.class)
                .list();
        assertThat(succeeded)
                .as("STEP_SUCCEEDED events")
                .hasSize(FleetService.WITH_TENANT_DATA.size())
                .doesNotHaveDuplicates();
        JsonNode audit = fleet.api().audit(ops, job);
        assertThat(audit.path("chain").path("valid").asBoolean())
                .as(audit.toString())
                .isTrue();

        JsonNode receipt = fleet.api().receipt(ops, job);
        var claims = ReceiptVerifier.verify(
                        receipt.path("receipt").asText(),
                        fleet.api()
                                .send(
                                        "GET",
                                        fleet.api()
                                                .orchestratorUrl(
                                                        receipt.path("jwks_uri").asText()),
                                        null,
                                        null)
                                .raw())
                .claims();
        Map<?, ?> services = (Map<?, ?>) claims.get("services");
        assertThat(services.keySet()).as("services in the receipt").hasSize(FleetService.WITH_TENANT_DATA.size());
        assertThat(claims.get("total_deleted"))
                .isEqualTo(completed.path("total_deleted").asLong());
        long stepTotals = 0;
        for (Object service : services.values()) {
            stepTotals += ((Number) ((Map<?, ?>) service).get("total_deleted")).longValue();
        }
        assertThat(stepTotals)
                .as("sum of the receipt's per-service totals")
                .isEqualTo(completed.path("total_deleted").asLong());

        // What was in PostgreSQL before the DELETE, not what the runs after the restart found.
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
        assertThat(completed.path("total_deleted").asLong())
                .as("the job's total against the rows counted before the DELETE")
                .isEqualTo(erasure.totalBefore());
    }

    /**
     * Polls the orchestrator's tables (fast, without HTTP) until all 12 domain steps of the job are
     * IN_PROGRESS (their calls in flight), or, when some finished before the last one started, until
     * every domain step has started and at least one is still running; answers how many are running.
     */
    private static long awaitEveryDomainStepInFlight(FleetDatabase database, UUID job) {
        long domainSteps = FleetService.DOMAIN.size();
        var running = new AtomicLong();
        await("every domain step of job " + job + " running")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Map<String, Object> steps = database.jdbc()
                            .sql("SELECT count(*) FILTER (WHERE status = 'IN_PROGRESS') AS running,"
                                    + " count(*) FILTER (WHERE status <> 'PENDING') AS started"
                                    + " FROM orchestrator.deletion_step WHERE job_id = ? AND NOT final_step")
                            .param(job)
                            .query()
                            .singleRow();
                    long now = ((Number) steps.get("running")).longValue();
                    long started = ((Number) steps.get("started")).longValue();
                    running.set(now);
                    return now == domainSteps || (started == domainSteps && now > 0);
                });
        return running.get();
    }
}
