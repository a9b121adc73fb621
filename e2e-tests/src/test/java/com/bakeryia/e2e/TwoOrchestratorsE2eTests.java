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

/**
 * Scenario 5: two orchestrator instances on one database share 20 jobs requested at once. No job is
 * ever held by two instances at once, and every step is erased once; the services' deletion
 * capacity answers part of the calls 503 with Retry-After, so a job is released (RETRYING) and
 * claimed again, by whichever instance is free.
 */
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
            List<Map<String, Object>> trail = database.jdbc()
                    .sql("SELECT type, payload ->> 'worker' AS worker, payload ->> 'service' AS service,"
                            + " payload ->> 'counted' AS counted FROM orchestrator.deletion_audit_event"
                            + " WHERE job_id = ? ORDER BY sequence")
                    .param(job)
                    .query()
                    .listOfRows();
            workers.addAll(holdersOf(job, trail));
            List<Map<String, Object>> steps = database.jdbc()
                    .sql("SELECT service_name, attempts FROM orchestrator.deletion_step WHERE job_id = ?")
                    .param(job)
                    .query()
                    .listOfRows();
            for (Map<String, Object> step : steps) {
                String service = (String) step.get("service_name");
                long postponed = trail.stream()
                        .filter(event -> "STEP_RETRY_SCHEDULED".equals(event.get("type"))
                                && service.equals(event.get("service")))
                        .count();
                assertThat(((Number) step.get("attempts")).longValue())
                        .as("calls to %s for job %s: one, plus one per postponement; trail %s", service, job, trail)
                        .isEqualTo(1 + postponed);
            }
        }
        assertThat(workers).as("instances that ran jobs").hasSize(2);
        for (SeededTenant tenant : tenants) {
            assertThat(database.residue(tenant.id()))
                    .as("residue of %s", tenant.id())
                    .isEmpty();
        }
    }

    /**
     * Walks a job's audit trail: a claim only while no instance holds the job (a job is held from
     * JOB_CLAIMED until JOB_RETRYING releases it or it ends), every step succeeded once and recorded
     * by the instance holding the job then, and a step postponed only because the service was busy
     * (its 503 with Retry-After, not counted against the job). Twenty jobs at once fill the
     * services' deletion capacity, so a job may be released and claimed again, by either instance.
     *
     * @return the instances that held the job
     */
    private static Set<String> holdersOf(UUID job, List<Map<String, Object>> trail) {
        Set<String> holders = new HashSet<>();
        Set<String> succeeded = new HashSet<>();
        String holder = null;
        for (Map<String, Object> event : trail) {
            String type = (String) event.get("type");
            String worker = (String) event.get("worker");
            switch (type) {
                case "JOB_CLAIMED" -> {
                    assertThat(holder)
                            .as("holder of job %s when %s claimed it; trail %s", job, worker, trail)
                            .isNull();
                    holder = worker;
                    holders.add(worker);
                }
                case "JOB_RETRYING", "JOB_COMPLETED" -> {
                    assertThat(worker)
                            .as("%s of job %s; trail %s", type, job, trail)
                            .isEqualTo(holder);
                    holder = null;
                }
                case "STEP_SUCCEEDED" -> {
                    assertThat(worker)
                            .as("STEP_SUCCEEDED of job %s; trail %s", job, trail)
                            .isEqualTo(holder);
                    assertThat(succeeded.add((String) event.get("service")))
                            .as("%s succeeded once for job %s; trail %s", event.get("service"), job, trail)
                            .isTrue();
                }
                case "STEP_RETRY_SCHEDULED" -> {
                    assertThat(worker)
                            .as("STEP_RETRY_SCHEDULED of job %s; trail %s", job, trail)
                            .isEqualTo(holder);
                    assertThat(event.get("counted"))
                            .as("a retry of job %s other than a busy service's postponement; trail %s", job, trail)
                            .isEqualTo("false");
                }
                case "JOB_CREATED" -> {}
                default -> throw new AssertionError("unexpected " + type + " in job " + job + "; trail " + trail);
            }
        }
        assertThat(succeeded).as("steps that succeeded for job %s", job).hasSize(FleetService.WITH_TENANT_DATA.size());
        assertThat(trail.get(trail.size() - 1).get("type"))
                .as("last event of job %s", job)
                .isEqualTo("JOB_COMPLETED");
        return holders;
    }
}
