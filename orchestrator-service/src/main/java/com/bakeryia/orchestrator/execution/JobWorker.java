package com.bakeryia.orchestrator.execution;

import com.bakeryia.orchestrator.client.CallInterruptedException;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.store.DeletionJobsDue;
import com.bakeryia.orchestrator.store.JobHeldException;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Claims due jobs and runs each on its own virtual thread, renewing its lease by a heartbeat. A
 * lease that cannot be renewed (taken over, or expired while the database was unreachable) stops
 * the job's thread at once, so the worker makes no further call or write for it. Several workers,
 * in one process or many, share the jobs of one database. Besides its scheduled polls, the worker
 * polls at once when a job became due on this instance ({@link DeletionJobsDue}); one poll runs at
 * a time.
 */
public final class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final String id;
    private final JobStore leases;
    private final JobRunner runner;
    private final WorkerProperties properties;
    private final DeletionJobMetrics metrics;
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Lock polling = new ReentrantLock();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private volatile @Nullable ScheduledExecutorService scheduler;

    JobWorker(String id, JobStore leases, JobRunner runner, WorkerProperties properties, DeletionJobMetrics metrics) {
        if (properties.heartbeatInterval().compareTo(properties.leaseDuration()) >= 0) {
            throw new IllegalArgumentException("orchestrator.worker.heartbeat-interval ("
                    + properties.heartbeatInterval() + ") must be shorter than orchestrator.worker.lease-duration ("
                    + properties.leaseDuration() + ")");
        }
        this.id = id;
        this.leases = leases;
        this.runner = runner;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** The name under which this worker holds leases. */
    public String id() {
        return id;
    }

    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
                    2,
                    Thread.ofPlatform()
                            .name("job-worker-" + id + "-", 0)
                            .daemon()
                            .factory());
            this.scheduler = scheduler;
            scheduler.scheduleWithFixedDelay(
                    this::poll, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            log.info(
                    "Deletion job worker {} started (lease {}, heartbeat {}, up to {} jobs at once)",
                    id,
                    properties.leaseDuration(),
                    properties.heartbeatInterval(),
                    properties.maxConcurrentJobs());
        }
    }

    /**
     * Stops gracefully: stops claiming, then stops the running jobs' calls ({@link
     * JobLease#stopCalls()}: no new call to a service starts, but the answers of calls in flight
     * are still recorded) and waits up to {@code stop-timeout} for those answers; then revokes the
     * claims (nothing more is written), interrupts what is left, and releases the leases, so
     * another instance takes the jobs over at once. A step stopped mid-call (its answer not back
     * within the timeout) runs again there (deletions are idempotent). {@code stop-timeout} should
     * stay below {@code lease-duration}: heartbeats end when the worker stops.
     */
    @Override
    public void stop() {
        if (!started.compareAndSet(true, false)) {
            return;
        }
        shutdownScheduler();
        // A poll in progress may still be launching a job: let it finish, so the list is complete.
        polling.lock();
        polling.unlock();
        List<RunningJob> stopping = List.copyOf(running.values());
        // First no new call; the answers in flight are still recorded while we wait for them.
        stopping.forEach(job -> job.lease.stopCalls());
        if (!awaitEnd(stopping, properties.stopTimeout())) {
            stopping.forEach(RunningJob::revokeAndInterrupt);
            awaitEnd(stopping, properties.stopTimeout());
        }
        // Then nothing more at all, even from a thread that did not end.
        stopping.forEach(job -> job.lease.revoke());
        for (RunningJob job : stopping) {
            try {
                leases.release(job.lease);
            } catch (RuntimeException ex) {
                log.warn(
                        "Could not release the lease of job {}; it expires on its own: {}",
                        job.lease.jobId(),
                        ex.getMessage());
            }
        }
        log.info("Deletion job worker {} stopped", id);
    }

    private static boolean awaitEnd(List<RunningJob> jobs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (RunningJob job : jobs) {
            Thread thread = job.thread;
            if (thread == null) {
                continue;
            }
            try {
                if (!thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    return false;
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Stops at once, as a crash would: claims and heartbeats end, running jobs are interrupted
     * and their leases are left to expire, after which another worker takes the jobs over.
     */
    public void halt() {
        if (started.compareAndSet(true, false)) {
            shutdownScheduler();
            polling.lock();
            polling.unlock();
            running.values().forEach(RunningJob::revokeAndInterrupt);
            log.warn("Deletion job worker {} halted; its leases expire on their own", id);
        }
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    /** Jobs this worker runs now. */
    public int runningJobs() {
        return running.size();
    }

    private void shutdownScheduler() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.shutdownNow();
        }
    }

    /** A job became due on this instance: claim it now rather than at the next scheduled poll. */
    @TransactionalEventListener
    void onJobsDue(DeletionJobsDue event) {
        pollSoon();
    }

    /** Runs a poll on the scheduler now, unless the worker is stopped or stopping. */
    private void pollSoon() {
        ScheduledExecutorService current = scheduler;
        if (!started.get() || current == null) {
            return;
        }
        try {
            current.execute(this::poll);
        } catch (RejectedExecutionException ex) {
            log.debug("Worker {} is stopping; due jobs wait for another worker", id);
        }
    }

    /**
     * Claims due jobs up to {@code max-concurrent-jobs}. A poll that finds another in progress
     * leaves it a request to look again, so a job that became due meanwhile is not left waiting
     * for the next scheduled poll.
     */
    private void poll() {
        pollRequested.set(true);
        while (pollRequested.get() && polling.tryLock()) {
            try {
                pollRequested.set(false);
                claimDueJobs();
            } finally {
                polling.unlock();
            }
        }
    }

    private void claimDueJobs() {
        try {
            while (started.get() && running.size() < properties.maxConcurrentJobs()) {
                Optional<JobLease> lease = leases.claimNext(id, properties.leaseDuration());
                if (lease.isEmpty()) {
                    return;
                }
                launch(lease.get());
            }
        } catch (RuntimeException ex) {
            log.warn("Worker {} could not claim jobs: {}", id, ex.getMessage());
        }
    }

    private void launch(JobLease lease) {
        RunningJob job = new RunningJob(
                lease, System.nanoTime() + properties.leaseDuration().toNanos());
        ScheduledExecutorService current = scheduler;
        if (current == null) {
            throw new IllegalStateException("Worker " + id + " is not started");
        }
        try {
            job.heartbeat = current.scheduleAtFixedRate(
                    () -> heartbeat(job),
                    properties.heartbeatInterval().toMillis(),
                    properties.heartbeatInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // Claimed while the worker stops: hand the job back at once instead of running it.
            leases.release(lease);
            return;
        }
        running.put(lease.jobId(), job);
        metrics.jobStarted();
        Thread thread = Thread.ofVirtual().name("job-" + lease.jobId()).unstarted(() -> run(job));
        job.thread = thread;
        thread.start();
    }

    private void run(RunningJob job) {
        JobLease lease = job.lease;
        try {
            log.info("Worker {} runs deletion job {} (attempt {})", id, lease.jobId(), lease.attempt());
            runner.run(lease);
        } catch (JobHeldException ex) {
            log.info("Worker {} stopped job {} before its first step: {}", id, lease.jobId(), ex.getMessage());
        } catch (LeaseLostException ex) {
            log.warn("Worker {} stopped job {}: {}", id, lease.jobId(), ex.getMessage());
        } catch (InterruptedException | CallInterruptedException ex) {
            log.info("Worker {} interrupted job {}", id, lease.jobId());
        } catch (RuntimeException ex) {
            if (Thread.currentThread().isInterrupted() || !started.get()) {
                log.info("Worker {} interrupted job {}: {}", id, lease.jobId(), ex.getMessage());
            } else {
                log.error(
                        "Worker {} failed to run job {}; its lease expires and the job is taken over",
                        id,
                        lease.jobId(),
                        ex);
            }
        } finally {
            ScheduledFuture<?> heartbeat = job.heartbeat;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            // Only this run's entry: the job may already have been claimed again by this worker.
            running.remove(lease.jobId(), job);
            metrics.jobStopped();
            // A slot is free: a job waiting for one need not wait for the next scheduled poll.
            pollSoon();
        }
    }

    private void heartbeat(RunningJob job) {
        // The lease's expiry is on PostgreSQL's clock; this host's clock may differ from it, so the
        // worker keeps its own deadline on the monotonic clock, counted from before the renewal was asked.
        long asked = System.nanoTime();
        try {
            Optional<Instant> renewed = leases.renew(job.lease, properties.leaseDuration());
            if (renewed.isPresent()) {
                job.leaseDeadlineNanos = asked + properties.leaseDuration().toNanos();
                return;
            }
            log.warn("Worker {} lost the lease of job {}; stopping it", id, job.lease.jobId());
        } catch (RuntimeException ex) {
            if (System.nanoTime() - job.leaseDeadlineNanos < 0) {
                log.warn(
                        "Worker {} could not renew the lease of job {} (retrying): {}",
                        id,
                        job.lease.jobId(),
                        ex.getMessage());
                return;
            }
            log.warn(
                    "Worker {} could not renew the lease of job {} before it expired; stopping it",
                    id,
                    job.lease.jobId());
        }
        ScheduledFuture<?> heartbeat = job.heartbeat;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        job.revokeAndInterrupt();
    }

    private static final class RunningJob {

        final JobLease lease;
        /** When the lease expires at the latest, on {@link System#nanoTime()}. */
        volatile long leaseDeadlineNanos;

        volatile @Nullable Thread thread;
        volatile @Nullable ScheduledFuture<?> heartbeat;

        RunningJob(JobLease lease, long leaseDeadlineNanos) {
            this.lease = lease;
            this.leaseDeadlineNanos = leaseDeadlineNanos;
        }

        void revokeAndInterrupt() {
            lease.revoke();
            Thread current = thread;
            if (current != null) {
                current.interrupt();
            }
        }
    }
}
