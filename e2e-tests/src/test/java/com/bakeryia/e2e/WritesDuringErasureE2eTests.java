package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 6: rows of the tenant written directly into the domain schemas while its job runs. */
@ExtendWith(FleetExtension.class)
class WritesDuringErasureE2eTests {

    private static final List<String> WRITTEN_SCHEMAS = List.of("orders", "inventory", "sales", "notification");

    @Test
    void rowsWrittenWhileTheJobRunsAreErasedOrRefusedAndNoneIsLeftAfterCompletion(RunningFleet fleet)
            throws InterruptedException {
        SeededTenant tenant = fleet.seedTenant(36_000);
        FleetDatabase database = fleet.database();
        var stop = new AtomicBoolean();
        var jobRequested = new AtomicBoolean();
        var writtenDuringJob = new AtomicInteger();
        var refused = new AtomicInteger();
        Queue<String> otherErrors = new ConcurrentLinkedQueue<>();

        Thread writer = Thread.ofPlatform().name("tenant-writer").start(() -> {
            List<TenantDataGenerator> generators = WRITTEN_SCHEMAS.stream()
                    .map(schema -> new TenantDataGenerator(database.dataSource(), schema, 7))
                    .toList();
            for (int i = 0; !stop.get(); i++) {
                try {
                    generators.get(i % generators.size()).generate(tenant.id(), 40);
                    // Regression: read after the commit, not before the write began: a write in flight at the
                    // DELETE commits after it (the fence waits for it), and on a fast fleet it may be the only one.
                    if (jobRequested.get()) {
                        writtenDuringJob.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    if (isFenceRefusal(e)) {
                        refused.incrementAndGet();
                    } else {
                        otherErrors.add(String.valueOf(e));
                    }
                }
            }
        });

        String ops = fleet.tokens().ops();
        FleetApi.sleep(Duration.ofMillis(500));
        jobRequested.set(true);
        UUID job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(3));
        stop.set(true);
        writer.join(Duration.ofMinutes(1));

        assertThat(otherErrors).as("writer errors other than the erasure fence").isEmpty();
        assertThat(writtenDuringJob.get())
                .as("writes committed after the DELETE")
                .isPositive();
        assertThat(refused.get())
                .as("writes refused once a service had fenced the tenant")
                .isPositive();
        assertThat(database.residue(tenant.id()))
                .as("rows of the tenant after COMPLETED")
                .isEmpty();
        assertThatThrownBy(() -> new TenantDataGenerator(database.dataSource(), "orders", 8).generate(tenant.id(), 10))
                .as("a write after the erasure")
                .satisfies(
                        e -> assertThat(isFenceRefusal(e)).as(String.valueOf(e)).isTrue());
        assertThat(database.residue(tenant.id())).isEmpty();
    }

    private static boolean isFenceRefusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("has been erased")) {
                return true;
            }
        }
        return false;
    }
}
