package com.bakeryia.training.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.DeletionResult;
import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.testkit.data.GeneratedTenant;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.training.model.TemporaryArtifactsDirectory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A training job keeps running while its tenant is erased: its worker writes log lines and models
 * between the deletion's batches. Batched mode (every tenant above zero rows) lets the worker write
 * at chosen points, after a batch of {@code trained_models} committed, so each run is deterministic.
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

    @AfterEach
    void stopWorker() {
        worker.stop();
    }

    @Test
    void rowsTheRunningJobWritesDuringTheDeletionAreErasedByALaterPass() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        Map<String, Long> seeded = seed(tenant);
        seed(neighbour);
        UUID job = startJob(tenant);
        var inspector = new SchemaInspector(dataSource, "training");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        worker.writeDuring(tenant, job, 2);
        DeletionResult result = service.delete(tenant);

        assertThat(worker.writes()).isEqualTo(2);
        assertThat(worker.failure()).isNull();
        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts())
                .containsEntry("training_logs", seeded.get("training_logs") + 2)
                .containsEntry("trained_models", seeded.get("trained_models") + 2)
                .containsEntry("training_jobs", seeded.get("training_jobs") + 1);
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.danglingReferences()).isEmpty();
    }

    @Test
    void aJobThatKeepsWritingPastTheLastPassFailsTheRunNamingTheTablesAndALaterRunErasesTheRest() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        seed(tenant);
        seed(neighbour);
        UUID job = startJob(tenant);
        var inspector = new SchemaInspector(dataSource, "training");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        worker.writeDuring(tenant, job, Integer.MAX_VALUE);
        DeletionResult outlasted = service.delete(tenant);
        worker.stop();

        assertThat(worker.failure()).isNull();
        assertThat(outlasted.success()).isFalse();
        assertThat(outlasted.verified()).isFalse();
        assertThat(outlasted.remainingCounts()).containsKeys("training_logs", "trained_models", "training_jobs");
        assertThat(outlasted.errors())
                .anySatisfy(error -> assertThat(error)
                        .matches("training\\.training_logs: \\d+ rows of the tenant remain after 3 passes"))
                .anySatisfy(error -> assertThat(error)
                        .matches("training\\.trained_models: \\d+ rows of the tenant remain after 3 passes"));
        assertThat(inspector.danglingReferences()).isEmpty();

        DeletionResult rerun = service.delete(tenant);

        assertThat(rerun.success()).as(rerun.errors().toString()).isTrue();
        assertThat(rerun.verified()).isTrue();
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
    }

    private Map<String, Long> seed(UUID tenant) {
        GeneratedTenant generated = new TenantDataGenerator(dataSource, "training", tenant.getLeastSignificantBits())
                .generatePerTable(tenant, ROWS_PER_TABLE);
        return generated.rowsPerTable();
    }

    private UUID startJob(UUID tenant) {
        UUID job = UUID.randomUUID();
        jdbc.sql(INSERT_RUNNING_JOB).params(job, tenant).update();
        return job;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Worker {

        @Bean
        RunningJobWorker runningJobWorker(DataSource dataSource) {
            return new RunningJobWorker(dataSource);
        }
    }

    /**
     * The worker of a running job, on its own thread and connection: each time a batch of {@code
     * trained_models} commits, it renews its heartbeat and writes a log line and a model in one
     * transaction, until its budget of writes is spent; the deletion waits for each write to commit.
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
        private final AtomicInteger budget = new AtomicInteger();
        private final AtomicInteger writes = new AtomicInteger();
        private volatile @Nullable UUID tenant;
        private volatile @Nullable UUID job;
        private volatile @Nullable Throwable failure;

        RunningJobWorker(DataSource dataSource) {
            this.jdbc = JdbcClient.create(dataSource);
            this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }

        void writeDuring(UUID tenant, UUID job, int maxWrites) {
            this.tenant = tenant;
            this.job = job;
            this.writes.set(0);
            this.failure = null;
            this.budget.set(maxWrites);
        }

        void stop() {
            budget.set(0);
        }

        int writes() {
            return writes.get();
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
            try {
                thread.submit(this::writeProgress).get(30, TimeUnit.SECONDS);
                writes.incrementAndGet();
            } catch (Exception e) {
                failure = e;
            }
        }

        private void writeProgress() {
            UUID tenantId = tenant;
            UUID jobId = job;
            transaction.executeWithoutResult(status -> {
                jdbc.sql(HEARTBEAT).params(tenantId, jobId).update();
                jdbc.sql(INSERT_LOG).params(UUID.randomUUID(), tenantId, jobId).update();
                jdbc.sql(INSERT_MODEL)
                        .params(UUID.randomUUID(), tenantId, jobId)
                        .update();
            });
        }
    }
}
