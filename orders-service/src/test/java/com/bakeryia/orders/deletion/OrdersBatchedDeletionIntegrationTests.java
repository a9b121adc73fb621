package com.bakeryia.orders.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"deletion.batch-size=10000", "deletion.single-transaction-max-rows=50000"})
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
class OrdersBatchedDeletionIntegrationTests {

    private static final long LARGE_TENANT_ROWS = 200_000;

    @Autowired
    private OrdersTenantDataDeletionService service;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private CrashAfterBatches crash;

    @Test
    void aRunThatCrashesBetweenBatchesLeavesValidForeignKeysAndARerunFinishes() {
        UUID large = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        var generator = new TenantDataGenerator(dataSource, "orders", 42);
        generator.generate(large, LARGE_TENANT_ROWS);
        generator.generate(neighbour, 5_000);
        var inspector = new SchemaInspector(dataSource, "orders");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        crash.armAfter(7);
        DeletionResult crashed = service.delete(large);

        assertThat(crashed.success()).isFalse();
        assertThat(crashed.verified()).isFalse();
        assertThat(crashed.errors()).anySatisfy(error -> assertThat(error).contains("simulated crash"));
        assertThat(crash.batches()).isEqualTo(7);
        assertThat(crashed.totalDeleted()).isEqualTo(7 * 10_000L);
        assertThat(inspector.totalRows(large)).isEqualTo(LARGE_TENANT_ROWS - crashed.totalDeleted());
        assertThat(inspector.danglingReferences()).isEmpty();

        crash.disarm();
        DeletionResult rerun = service.delete(large);

        assertThat(rerun.success()).as(rerun.errors().toString()).isTrue();
        assertThat(rerun.verified()).isTrue();
        assertThat(crashed.totalDeleted() + rerun.totalDeleted()).isEqualTo(LARGE_TENANT_ROWS);
        assertThat(crash.batches()).isGreaterThanOrEqualTo((int) (rerun.totalDeleted() / 10_000));
        assertThat(inspector.totalRows(large)).isZero();
        assertThat(inspector.danglingReferences()).isEmpty();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailureInjection {

        @Bean
        CrashAfterBatches crashAfterBatches() {
            return new CrashAfterBatches();
        }
    }

    /** Throws after a number of committed batches, as a process dying between two batches would stop. */
    static class CrashAfterBatches implements TenantDataDeletionListener {

        private final AtomicInteger batches = new AtomicInteger();
        private volatile int crashAfter = Integer.MAX_VALUE;

        void armAfter(int batches) {
            this.batches.set(0);
            this.crashAfter = batches;
        }

        void disarm() {
            this.batches.set(0);
            this.crashAfter = Integer.MAX_VALUE;
        }

        int batches() {
            return batches.get();
        }

        @Override
        public void batchCommitted(UUID tenantId, String table, long rows) {
            if (batches.incrementAndGet() >= crashAfter) {
                throw new IllegalStateException("simulated crash after " + crashAfter + " committed batches");
            }
        }
    }
}
