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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 4: the orchestrator killed with SIGKILL while the steps of a big tenant's job run. */
@ExtendWith(FleetExtension.class)
class OrchestratorCrashE2eTests {

    @AfterEach
    void restartEverything(RunningFleet fleet) {
        fleet.ensureAllUp();
    }

    @Test
    void aJobWhoseOrchestratorWasKilledMidwayCompletesAfterARestartWithEveryStepReportedOnce(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(120_000);
        FleetDatabase database = fleet.database();
        String ops = fleet.tokens().ops();

        UUID job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        awaitRunningSteps(database, job);
        fleet.processes().kill("orchestrator-service");

        Map<String, Object> atKill = database.jdbc()
                .sql("SELECT j.status, count(*) FILTER (WHERE s.status = 'SUCCEEDED') AS succeeded"
                        + " FROM orchestrator.deletion_job j JOIN orchestrator.deletion_step s ON s.job_id = j.id"
                        + " WHERE j.id = ? GROUP BY j.status")
                .param(job)
                .query()
                .singleRow();
        assertThat(atKill.get("status")).as("job when the orchestrator died").isEqualTo("IN_PROGRESS");
        assertThat((Long) atKill.get("succeeded")).as("steps done when it died").isLessThan(13);
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
                                .send("GET", fleet.api().orchestratorUrl("/.well-known/jwks.json"), null, null)
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
    }

    /** Polls the orchestrator's tables (fast, without HTTP) until a domain step of the job is running. */
    private static void awaitRunningSteps(FleetDatabase database, UUID job) {
        await("a running step of job " + job)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> database.jdbc()
                                .sql("SELECT count(*) FROM orchestrator.deletion_step WHERE job_id = ?"
                                        + " AND status = 'IN_PROGRESS' AND NOT final_step")
                                .param(job)
                                .query(Long.class)
                                .single()
                        > 0);
    }
}
