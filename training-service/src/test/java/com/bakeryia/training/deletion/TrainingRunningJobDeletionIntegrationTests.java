package com.bakeryia.training.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.testkit.data.GeneratedTenant;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.AdvisoryLocks;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.training.model.ModelArtifactFiles;
import com.bakeryia.training.model.ModelArtifactStore;
import com.bakeryia.training.model.ModelType;
import com.bakeryia.training.model.TemporaryArtifactsDirectory;
import com.bakeryia.training.model.TenantArtifactDirectories;
import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A training job keeps running while its tenant is erased: its worker writes log lines and models
 * around the deletion. A write in flight when the run starts is waited for and erased; every write
 * after the run fenced the tenant is refused. Batched mode (every tenant above zero rows) lets the
 * worker write at chosen points, after a batch of {@code trained_models} committed, so each run is
 * deterministic.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"deletion.single-transaction-max-rows=0", "deletion.batch-size=5", "deletion.max-passes=3"})
@ContextConfiguration(initializers = {FreshDatabaseContextInitializer.class, TemporaryArtifactsDirectory.class})
class TrainingRunningJobDeletionIntegrationTests {

    private static final int ROWS_PER_TABLE = 12;

    private static final String INSERT_RUNNING_JOB = """
            INSERT INTO training.training_jobs (id, tenant_id, model_type, status, attempt, claimed_by, queued_at,
                                                claimed_at, heartbeat_at, lease_expires_at)
            VALUES (?, ?, 'XGBOOST', 'RUNNING', 1, 'worker-7', now(), now(), now(), now() + interval '1 minute')
            """;

    @Autowired
    private TrainingTenantDataDeletionService service;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private RunningJobWorker worker;

    @Autowired
    private ModelArtifactStore models;

    @Autowired
    private ModelArtifactFiles modelFiles;

    @Autowired
    private TenantArtifactDirectories directories;

    @AfterEach
    void stopWorker() {
        worker.stop();
    }

    @Test
    void aWriteOfTheRunningJobInFlightWhenTheDeletionStartsIsWaitedForAndErased() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        Map<String, Long> seeded = seed(tenant);
        seed(neighbour);
        UUID job = startJob(tenant);
        var inspector = new SchemaInspector(dataSource, "training");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        var written = new CountDownLatch(1);
        var commit = new CountDownLatch(1);
        Future<?> write = worker.writeAndCommitOn(written, commit, tenant, job);
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        DeletionResult result;
        try (var deletion = Executors.newSingleThreadExecutor()) {
            Future<DeletionResult> run = deletion.submit(() -> service.delete(tenant));
            AdvisoryLocks.awaitWaiter(dataSource, Duration.ofSeconds(30));
            assertThat(run).isNotDone();
            commit.countDown();
            write.get(30, TimeUnit.SECONDS);
            result = run.get(30, TimeUnit.SECONDS);
        }

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts())
                .containsEntry("training_logs", seeded.get("training_logs") + 1)
                .containsEntry("trained_models", seeded.get("trained_models") + 1)
                .containsEntry("training_jobs", seeded.get("training_jobs") + 1);
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.danglingReferences()).isEmpty();
    }

    @Test
    void aJobThatKeepsWritingDuringTheDeletionIsRefusedAndTheRunIsVerifiedWithNothingLeft() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        Map<String, Long> seeded = seed(tenant);
        seed(neighbour);
        UUID job = startJob(tenant);
        var inspector = new SchemaInspector(dataSource, "training");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        worker.writeDuring(tenant, job, Integer.MAX_VALUE);
        DeletionResult result = service.delete(tenant);
        worker.stop();

        assertThat(worker.failure()).isNull();
        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.remainingCounts()).isEmpty();
        assertThat(result.deletedCounts())
                .containsEntry("training_logs", seeded.get("training_logs"))
                .containsEntry("trained_models", seeded.get("trained_models"))
                .containsEntry("model_artifacts", seeded.get("model_artifacts"))
                .containsEntry("training_jobs", seeded.get("training_jobs") + 1);
        assertThat(worker.writes()).isZero();
        long trainedModelBatches = (seeded.get("trained_models") + 4) / 5;
        assertThat(worker.refusals())
                .as("the progress write and the model stored after each batch of trained_models")
                .hasSize((int) (2 * trainedModelBatches))
                .allSatisfy(refusal -> assertFenceRefusal(refusal, tenant));
        assertThat(modelFiles.usage(tenant)).as("files of the refused models").isEqualTo(ExternalDataUsage.NONE);

        assertThatThrownBy(() -> jdbc.sql(INSERT_RUNNING_JOB)
                        .params(UUID.randomUUID(), tenant)
                        .update())
                .as("the job re-queued after the run")
                .satisfies(refusal -> assertFenceRefusal(refusal, tenant));
        // The model's job row is gone, so its foreign key would refuse it before the fence: a job row
        // written as a replica would (triggers off) lets the store reach the fence of trained_models.
        UUID replicatedJob = UUID.randomUUID();
        writeAsAReplica(INSERT_RUNNING_JOB, replicatedJob, tenant);
        assertThatThrownBy(() ->
                        models.store(tenant, replicatedJob, ModelType.XGBOOST, new ByteArrayInputStream(new byte[512])))
                .as("a model stored after the run")
                .isInstanceOf(DataAccessException.class)
                .satisfies(refusal -> assertFenceRefusal(refusal, tenant));
        writeAsAReplica("DELETE FROM training.training_jobs WHERE id = ? AND tenant_id = ?", replicatedJob, tenant);
        assertThat(modelFiles.usage(tenant)).isEqualTo(ExternalDataUsage.NONE);
        assertThat(directories.tenantDirectory(tenant))
                .as("the erased tenant's directory after refused stores")
                .doesNotExist();
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.danglingReferences()).isEmpty();
    }

    private Map<String, Long> seed(UUID tenant) {
        GeneratedTenant generated = new TenantDataGenerator(dataSource, "training", tenant.getLeastSignificantBits())
                .generatePerTable(tenant, ROWS_PER_TABLE);
        return generated.rowsPerTable();
    }

    /** Runs the statement with triggers off ({@code session_replication_role = replica}), bypassing the fence. */
    private void writeAsAReplica(String sql, Object... params) {
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql(sql).params(params).update();
        });
    }

    private UUID startJob(UUID tenant) {
        UUID job = UUID.randomUUID();
        jdbc.sql(INSERT_RUNNING_JOB).params(job, tenant).update();
        return job;
    }

    private static void assertFenceRefusal(Throwable refusal, UUID tenant) {
        Throwable cause = refusal;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the SQLException of %s", refusal).isInstanceOf(SQLException.class);
        assertThat(((SQLException) cause).getSQLState()).isEqualTo(TenantErasureFence.WRITE_REFUSED);
        assertThat(cause.getMessage())
                .contains("tenant " + tenant + " has been erased from schema training: writes are refused");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Worker {

        @Bean
        RunningJobWorker runningJobWorker(DataSource dataSource, ModelArtifactStore models) {
            return new RunningJobWorker(dataSource, models);
        }
    }

    /**
     * The worker of a running job, on its own thread and connection. While a deletion runs, each time
     * a batch of {@code trained_models} commits, it renews its heartbeat and writes a log line and a
     * model in one transaction, then stores a model with its file, until its budget of writes is
     * spent; the deletion waits for each attempt, and refused attempts are collected. It can also
     * hold a write open until told to commit.
     */
    static final class RunningJobWorker implements TenantDataDeletionListener {

        private static final String HEARTBEAT = """
                UPDATE training.training_jobs SET heartbeat_at = now(), lease_expires_at = now() + interval '1 minute'
                WHERE tenant_id = ? AND id = ?
                """;
        private static final String INSERT_LOG = """
                INSERT INTO training.training_logs (id, tenant_id, job_id, level, message, logged_at)
                VALUES (?, ?, ?, 'INFO', 'epoch finished', now())
                """;
        private static final String INSERT_MODEL = """
                INSERT INTO training.trained_models (id, tenant_id, job_id, model_type, status, trained_at)
                VALUES (?, ?, ?, 'XGBOOST', 'ACTIVE', now())
                """;

        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final JdbcClient jdbc;
        private final TransactionTemplate transaction;
        private final ModelArtifactStore models;
        private final AtomicInteger budget = new AtomicInteger();
        private final AtomicInteger writes = new AtomicInteger();
        private final List<Throwable> refusals = new CopyOnWriteArrayList<>();
        private volatile @Nullable UUID tenant;
        private volatile @Nullable UUID job;
        private volatile @Nullable Throwable failure;

        RunningJobWorker(DataSource dataSource, ModelArtifactStore models) {
            this.jdbc = JdbcClient.create(dataSource);
            this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            this.models = models;
        }

        void writeDuring(UUID tenant, UUID job, int maxWrites) {
            this.tenant = tenant;
            this.job = job;
            this.writes.set(0);
            this.refusals.clear();
            this.failure = null;
            this.budget.set(maxWrites);
        }

        /**
         * Writes progress on the worker's thread, counts {@code written} down and holds the transaction
         * open until {@code commit} is counted down.
         */
        Future<?> writeAndCommitOn(CountDownLatch written, CountDownLatch commit, UUID tenant, UUID job) {
            return thread.submit(() -> transaction.executeWithoutResult(status -> {
                writeProgress(tenant, job);
                written.countDown();
                try {
                    assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
        }

        void stop() {
            budget.set(0);
        }

        int writes() {
            return writes.get();
        }

        List<Throwable> refusals() {
            return refusals;
        }

        @Nullable
        Throwable failure() {
            return failure;
        }

        @Override
        public void batchCommitted(UUID tenantId, String table, long rows) {
            if (!tenantId.equals(tenant) || !table.equals("trained_models") || budget.getAndDecrement() <= 0) {
                return;
            }
            UUID jobId = job;
            attempt(() -> transaction.executeWithoutResult(status -> writeProgress(tenantId, jobId)));
            attempt(() -> models.store(tenantId, jobId, ModelType.XGBOOST, new ByteArrayInputStream(new byte[256])));
        }

        private void attempt(Runnable write) {
            try {
                thread.submit(write).get(30, TimeUnit.SECONDS);
                writes.incrementAndGet();
            } catch (ExecutionException e) {
                refusals.add(e.getCause());
            } catch (Exception e) {
                failure = e;
            }
        }

        private void writeProgress(UUID tenantId, UUID jobId) {
            jdbc.sql(HEARTBEAT).params(tenantId, jobId).update();
            jdbc.sql(INSERT_LOG).params(UUID.randomUUID(), tenantId, jobId).update();
            jdbc.sql(INSERT_MODEL).params(UUID.randomUUID(), tenantId, jobId).update();
        }
    }
}
