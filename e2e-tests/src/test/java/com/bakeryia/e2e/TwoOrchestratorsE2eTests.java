package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetDatabase;
import com.bakeryia.tools.FleetService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 5: two orchestrator instances on one database share 20 jobs requested at once. */
@ExtendWith(FleetExtension.class)
class TwoOrchestratorsE2eTests {

    private static final int TENANTS = 20;

    @AfterEach
    void stopSecondInstance(RunningFleet fleet) {
        fleet.processes().down("orchestrator-service@2");
    }

    @Test
    void twentyTenantsDeletedAtOnceAreAllCompletedEachJobClaimedByOneInstance(RunningFleet fleet) throws Exception {
        fleet.processes().up("orchestrator-service@2");
        List<SeededTenant> tenants =
                IntStream.range(0, TENANTS).mapToObj(i -> fleet.seedTenant(600)).toList();

        List<UUID> jobs = new ArrayList<>();
        try (ExecutorService requests = Executors.newFixedThreadPool(TENANTS)) {
            List<Future<UUID>> accepted = new ArrayList<>();
            for (SeededTenant tenant : tenants) {
                accepted.add(requests.submit(() -> fleet.api().deleteTenant(tenant.ownerToken(), tenant.id())));
            }
            for (Future<UUID> job : accepted) {
                jobs.add(job.get());
            }
        }
        String ops = fleet.tokens().ops();
        for (UUID job : jobs) {
            fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(4));
        }

        FleetDatabase database = fleet.database();
        Set<String> workers = new HashSet<>();
        for (UUID job : jobs) {
            List<Map<String, Object>> claims = database.jdbc()
                    .sql("SELECT payload ->> 'worker' AS worker FROM orchestrator.deletion_audit_event"
                            + " WHERE job_id = ? AND type = 'JOB_CLAIMED'")
                    .param(job)
                    .query()
                    .listOfRows();
            assertThat(claims).as("claims of job %s", job).hasSize(1);
            workers.add((String) claims.get(0).get("worker"));
            List<String> stepEvents = database.jdbc()
                    .sql("SELECT payload ->> 'worker' FROM orchestrator.deletion_audit_event"
                            + " WHERE job_id = ? AND type = 'STEP_SUCCEEDED'")
                    .param(job)
                    .query(String.class)
                    .list();
            assertThat(stepEvents)
                    .as("steps of job %s, each recorded by the instance that claimed it", job)
                    .hasSize(FleetService.WITH_TENANT_DATA.size())
                    .containsOnly((String) claims.get(0).get("worker"));
            List<Integer> attempts = database.jdbc()
                    .sql("SELECT attempts FROM orchestrator.deletion_step WHERE job_id = ?")
                    .param(job)
                    .query(Integer.class)
                    .list();
            assertThat(attempts).as("calls per step of job %s", job).containsOnly(1);
        }
        assertThat(workers).as("instances that ran jobs").hasSize(2);
        for (SeededTenant tenant : tenants) {
            assertThat(database.residue(tenant.id()))
                    .as("residue of %s", tenant.id())
                    .isEmpty();
        }
    }
}
