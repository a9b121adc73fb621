package com.bakeryia.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The worker's bookkeeping of the jobs it runs, when one job is claimed again by the same worker. */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class JobWorkerRunningEntryIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private JobStore leases;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private ServiceClient client;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private Clock clock;

    @Test
    void theEndOfAnEarlierRunDoesNotDropTheEntryOfTheJobClaimedAgain() throws Exception {
        UUID jobId = createJob(UUID.randomUUID());
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> firstRun = new AtomicReference<>();
        CountDownLatch secondRunStarted = new CountDownLatch(1);
        CountDownLatch endSecondRun = new CountDownLatch(1);
        // The first run hands its lease back and ends only once the same worker has claimed the job
        // again (as after a lost lease); the second run holds until the test lets it end.
        JobRunner runner = new JobRunner(leases, registry, client, metrics, clock) {
            @Override
            void run(JobLease lease) throws InterruptedException {
                assertThat(lease.jobId()).isEqualTo(jobId);
                if (runs.incrementAndGet() == 1) {
                    firstRun.set(Thread.currentThread());
                    leases.release(lease);
                    secondRunStarted.await(20, TimeUnit.SECONDS);
                    return;
                }
                secondRunStarted.countDown();
                try {
                    endSecondRun.await(20, TimeUnit.SECONDS);
                } finally {
                    leases.failJob(lease, "ended by the test");
                }
            }
        };
        WorkerProperties properties = new WorkerProperties(
                true,
                "re-claiming-worker",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMillis(50),
                2,
                Duration.ofSeconds(5));
        JobWorker worker = new JobWorker(properties.id(), leases, runner, properties, metrics, clock);
        worker.start();
        try {
            assertThat(secondRunStarted.await(20, TimeUnit.SECONDS))
                    .as("the job is claimed again")
                    .isTrue();
            Thread first = firstRun.get();
            assertThat(first.join(Duration.ofSeconds(20))).as("the first run ended").isTrue();

            assertThat(worker.runningJobs())
                    .as("the second run is still counted as running")
                    .isEqualTo(1);
        } finally {
            endSecondRun.countDown();
            worker.stop();
        }
    }
}
