package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.tools.FleetDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6: rows of the tenant written directly into the domain schemas while its job runs.
 *
 * <p>Whether a write committed before or after the owner's DELETE is decided by PostgreSQL, not by
 * the writer's clock: just before a write commits, the same transaction reads the tenant's status in
 * tenant-service's schema. {@code DELETION_PENDING} (or the row gone) means the DELETE had committed
 * before that statement began, so before this write's commit. A write whose data committed before
 * the DELETE is never counted as "during" (the generator's {@code ANALYZE} after the commit may
 * still be running when the DELETE is answered; that does not make its rows later). One write is
 * held open across the DELETE on purpose: it began before the DELETE and commits after its 202,
 * the write a fence must wait for and the job must still erase.
 */
@ExtendWith(FleetExtension.class)
class WritesDuringErasureE2eTests {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(WritesDuringErasureE2eTests.class);
    private static final List<String> WRITTEN_SCHEMAS = List.of("orders", "inventory", "sales", "notification");

    @Test
    void rowsWrittenWhileTheJobRunsAreErasedOrRefusedAndNoneIsLeftAfterCompletion(RunningFleet fleet)
            throws InterruptedException {
        SeededTenant tenant = fleet.seedTenant(36_000);
        FleetDatabase database = fleet.database();
        var commits = new CommitClassifier(database.dataSource(), tenant.id());
        var stop = new AtomicBoolean();
        var writtenBefore = new AtomicInteger();
        var writtenAfter = new AtomicInteger();
        var heldWriteCommittedAfter = new AtomicBoolean();
        var refused = new AtomicInteger();
        Queue<String> otherErrors = new ConcurrentLinkedQueue<>();

        Thread writer = Thread.ofPlatform().name("tenant-writer").start(() -> {
            List<TenantDataGenerator> generators = WRITTEN_SCHEMAS.stream()
                    .map(schema -> new TenantDataGenerator(commits, schema, 7))
                    .toList();
            for (int i = 0; !stop.get(); i++) {
                try {
                    boolean held = commits.startWrite();
                    generators.get(i % generators.size()).generate(tenant.id(), 40);
                    if (commits.committedAfterDelete()) {
                        writtenAfter.incrementAndGet();
                        if (held) {
                            heldWriteCommittedAfter.set(true);
                        }
                    } else {
                        writtenBefore.incrementAndGet();
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
        await("a write of the tenant committed before the DELETE")
                .atMost(Duration.ofMinutes(1))
                .until(() -> writtenBefore.get() > 0 || !otherErrors.isEmpty());
        commits.holdNextCommit();
        assertThat(commits.awaitHeldWrite(Duration.ofMinutes(1)))
                .as("a write of the tenant waiting to commit (errors: %s)", otherErrors)
                .isTrue();
        UUID job;
        try {
            job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        } finally {
            commits.releaseHeldWrite();
        }
        fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(3));
        stop.set(true);
        writer.join(Duration.ofMinutes(1));

        log.info(
                "Writes of tenant {}: {} committed before the DELETE, {} after it, {} refused by a fence",
                tenant.id(),
                writtenBefore.get(),
                writtenAfter.get(),
                refused.get());
        assertThat(otherErrors).as("writer errors other than the erasure fence").isEmpty();
        assertThat(writtenBefore.get()).as("writes committed before the DELETE").isPositive();
        assertThat(heldWriteCommittedAfter.get())
                .as("the write open across the DELETE committed after it, in PostgreSQL's order")
                .isTrue();
        assertThat(writtenAfter.get()).as("writes committed after the DELETE").isPositive();
        assertThat(refused.get())
                .as("writes refused once a service had fenced the tenant")
                .isPositive();
        assertThat(database.residue(tenant.id()))
                .as("rows of the tenant after COMPLETED, those written before and after the DELETE included")
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

    /**
     * The writer's data source: before the first commit of each connection (the generator's data
     * commit; its second commit is after ANALYZE) it reads the tenant's status in the same
     * transaction, which tells whether the DELETE had committed before. It can hold one commit until
     * the DELETE is answered.
     */
    private static final class CommitClassifier implements DataSource {

        private static final String STATUS = "SELECT status FROM tenant.tenants WHERE tenant_id = ?";

        private final DataSource delegate;
        private final UUID tenant;
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private final CountDownLatch heldWrite = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final ThreadLocal<Boolean> hold = ThreadLocal.withInitial(() -> false);
        private final ThreadLocal<Boolean> after = ThreadLocal.withInitial(() -> false);

        CommitClassifier(DataSource delegate, UUID tenant) {
            this.delegate = delegate;
            this.tenant = tenant;
        }

        /** Called by the writer before each write; true when this write's commit is the one held. */
        boolean startWrite() {
            after.set(false);
            hold.set(holdNext.compareAndSet(true, false));
            return hold.get();
        }

        /** Whether the last write of this thread committed after the DELETE had committed. */
        boolean committedAfterDelete() {
            return after.get();
        }

        void holdNextCommit() {
            holdNext.set(true);
        }

        boolean awaitHeldWrite(Duration timeout) throws InterruptedException {
            return heldWrite.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void releaseHeldWrite() {
            release.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            return observed(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return observed(delegate.getConnection(username, password));
        }

        private Connection observed(Connection connection) {
            var firstCommit = new AtomicBoolean(true);
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit") && firstCommit.getAndSet(false)) {
                            if (hold.get()) {
                                heldWrite.countDown();
                                if (!release.await(2, TimeUnit.MINUTES)) {
                                    throw new SQLException("the held write was never released");
                                }
                            }
                            after.set(deleteCommittedBefore(connection));
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        /** In the writer's transaction, just before its commit: has the tenant's DELETE committed? */
        private boolean deleteCommittedBefore(Connection connection) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
                statement.setObject(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    return !rows.next() || !rows.getString(1).equals("ACTIVE");
                }
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
