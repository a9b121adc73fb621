package com.bakeryia.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.AuditEvent;
import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.JobHeldException;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStatus;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import com.bakeryia.orchestrator.store.LegalHolds;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A run whose job was claimed before its tenant was put on legal hold: its parallel steps start none,
 * call no service, and leave the job PENDING (one JOB_HELD event, not a failure); once the hold is
 * lifted the job is claimed again and completes.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class JobRunnerLegalHoldIntegrationTests extends OrchestratorTestSupport {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    private JobStore jobs;

    @Autowired
    private LegalHolds holds;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private ServiceClient client;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private JobsProperties properties;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aRunClaimedBeforeTheHoldCallsNoServiceAndLetsTheJobWaitUntilLifted() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createFirstDueJob(tenant, jdbc);
        JobLease lease = jobs.claimNext("worker-test", LEASE).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);
        holds.place(tenant, "admin-a", "litigation", "case 30");
        JobRunner runner = new JobRunner(
                jobs,
                registry,
                client,
                metrics,
                Clock.systemUTC(),
                new StepBackoff(properties.retry(), RandomGenerator.getDefault()),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);

        assertThatThrownBy(() -> runner.run(lease)).isInstanceOf(JobHeldException.class);

        DeletionJob held = jobs.find(jobId).orElseThrow();
        assertThat(held.status()).isEqualTo(JobStatus.PENDING);
        assertThat(held.startedServices()).isEmpty();
        assertThat(held.onHold()).isTrue();
        assertThat(FLEET.deletions(tenant)).isEmpty();
        assertThat(audit.events(jobId).stream().map(AuditEvent::type))
                .containsExactly("JOB_CREATED", "JOB_CLAIMED", "LEGAL_HOLD_PLACED", "JOB_HELD");
        assertThat(jobs.claimNext("worker-test", LEASE)).isEmpty();

        holds.lift(tenant, "admin-b", "settled");
        JobLease again = jobs.claimNext("worker-test", LEASE).orElseThrow();
        assertThat(again.jobId()).isEqualTo(jobId);
        runner.run(again);

        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(FLEET.deletions(tenant)).hasSize(SERVICES.size());
        assertThat(audit.verify(jobId).valid()).isTrue();
    }
}
