package com.bakeryia.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code orchestrator.worker.max-parallel-steps}: how many of a job's domain steps call their
 * services at once, on the real store, with a client whose calls wait until the test lets them end.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class StepParallelismIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private JobStore jobs;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private JobsProperties properties;

    @Autowired
    private Clock clock;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void noMoreStepsCallAtOnceThanMaxParallelStepsAndTheJobStillCompletes() throws Exception {
        assertThat(callsAtOnce(3, 3)).isEqualTo(3);
    }

    @Test
    void byDefaultEveryDomainStepCallsAtOnce() throws Exception {
        long domainSteps = registry.steps().size() - 1;
        assertThat(domainSteps).isLessThanOrEqualTo(WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);

        assertThat(callsAtOnce(WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS, (int) domainSteps))
                .isEqualTo(domainSteps);
    }

    /**
     * Runs a job whose calls are held until {@code held} calls have begun and a further one has
     * had time to begin too, then let go; returns the most calls that were in flight together and
     * checks that the job COMPLETED.
     */
    private int callsAtOnce(int maxParallelSteps, int held) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger begun = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ServiceClient client = mock(ServiceClient.class, invocation -> {
            ServiceEndpoint endpoint = invocation.getArgument(0);
            UUID tenant = invocation.getArgument(1);
            UUID job = invocation.getArgument(2);
            Runnable beforeEachCall = invocation.getArgument(3);
            beforeEachCall.run();
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            begun.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } finally {
                inFlight.decrementAndGet();
            }
            return verifiedAnswer(tenant, job, endpoint.name(), "rows", 1);
        });
        JobRunner runner = new JobRunner(
                jobs,
                registry,
                client,
                metrics,
                clock,
                new StepBackoff(properties.retry(), RandomGenerator.getDefault()),
                maxParallelSteps);
        UUID jobId = createFirstDueJob(UUID.randomUUID(), jdbc);
        JobLease lease = jobs.claimNext("worker-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);

        Thread running = Thread.ofVirtual().start(() -> {
            try {
                runner.run(lease);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (begun.get() < held && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // A call beyond the limit would begin now, while the others are held.
        Thread.sleep(500);
        int atOnce = most.get();
        release.countDown();
        running.join(Duration.ofSeconds(30));

        assertThat(jdbc.sql("SELECT status FROM deletion_job WHERE id = ?")
                        .param(jobId)
                        .query(String.class)
                        .single())
                .isEqualTo("COMPLETED");
        return atOnce;
    }
}
