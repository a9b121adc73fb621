package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.deletion.api.TenantDataExportManifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export of a tenant's data, opened by {@link TenantDataDeletionService#openExport(UUID)}: it
 * holds a pool connection in a {@code REPEATABLE READ, READ ONLY} transaction (time zone UTC) whose
 * snapshot was taken when it was opened (by {@code SELECT now()}), after which the tenant was found
 * not fenced in it. {@link
 * #writeTo(OutputStream)} streams the archive; {@link #close()} gives the connection back.
 *
 * <p>The archive (docs/contracts.md): an entry {@code <table>.ndjson} per erased table of the plan,
 * parents first, each line a {@code row_to_json} of one of the tenant's rows streamed by {@code
 * COPY}; then each {@link ExternalTenantData}'s items under {@code files/<name>/}; last {@value
 * DeletionEndpoints#EXPORT_MANIFEST} with the snapshot's time and the counts. Retained, shared and
 * system rows are not the tenant's erasable rows and are not exported. Nothing is held in memory
 * but a buffer.
 */
public final class TenantDataExport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantDataExport.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final String SNAPSHOT_ISOLATION = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    private static final String TAKE_SNAPSHOT = "SELECT now()";
    /** Timestamps with time zone in every archive alike, whatever the service's JVM zone (pgjdbc sets it per session). */
    private static final String UTC = "SET LOCAL TimeZone = 'UTC'";

    private static final int BUFFER_SIZE = 64 * 1024;

    private final String service;
    private final DeletionPlan plan;
    private final List<TableStatements> tables;
    private final List<ExternalTenantData> externalData;
    private final List<TenantDataDeletionListener> listeners;
    private final UUID tenantId;
    private final long started;
    private final Instant snapshotAt;
    private @Nullable Connection connection;
    private boolean written;

    private TenantDataExport(
            String service,
            DeletionPlan plan,
            List<TableStatements> tables,
            List<ExternalTenantData> externalData,
            List<TenantDataDeletionListener> listeners,
            UUID tenantId,
            Connection connection,
            Instant snapshotAt,
            long started) {
        this.service = service;
        this.plan = plan;
        this.tables = tables;
        this.externalData = externalData;
        this.listeners = listeners;
        this.tenantId = tenantId;
        this.connection = connection;
        this.snapshotAt = snapshotAt;
        this.started = started;
    }

    /**
     * Takes the snapshot on a connection of its own and checks the tenant's fence in it.
     *
     * @throws TenantErasureBegunException when the tenant's erasure has begun here (the connection is
     *     given back)
     * @throws SQLException when the database does not answer (the connection is given back)
     */
    static TenantDataExport open(
            String service,
            DeletionPlan plan,
            List<TableStatements> tables,
            TenantErasureFence fence,
            List<ExternalTenantData> externalData,
            List<TenantDataDeletionListener> listeners,
            DataSource dataSource,
            UUID tenantId)
            throws SQLException {
        long started = System.nanoTime();
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            Instant snapshotAt;
            try (Statement statement = connection.createStatement()) {
                statement.execute(SNAPSHOT_ISOLATION);
                statement.execute(UTC);
                try (ResultSet now = statement.executeQuery(TAKE_SNAPSHOT)) {
                    now.next();
                    snapshotAt = now.getObject(1, OffsetDateTime.class).toInstant();
                }
            }
            TenantErasureFence.Fenced fenced = fence.fenceOf(connection, tenantId);
            if (fenced != null) {
                throw new TenantErasureBegunException(tenantId, plan.schema(), fenced.fencedAt());
            }
            return new TenantDataExport(
                    service, plan, tables, externalData, listeners, tenantId, connection, snapshotAt, started);
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    /** The time of the snapshot the tables are read in. */
    public Instant snapshotAt() {
        return snapshotAt;
    }

    /**
     * Writes the whole archive to {@code out}, which it flushes but does not close. Once it returns,
     * the archive is complete; when it throws, it stopped where it failed and wrote neither the
     * manifest nor the ZIP's central directory, so what was written is not a valid archive: the
     * caller must not complete the response (abort the connection) either.
     *
     * @throws TenantDataExportException when a table, a file or the output fails (logged at ERROR,
     *     naming the tenant and what was being written)
     */
    public void writeTo(OutputStream out) {
        if (written) {
            throw new IllegalStateException("the export of tenant " + tenantId + " was already written");
        }
        written = true;
        boolean completed = false;
        var zip = new ZipOutputStream(new Unclosed(out, BUFFER_SIZE));
        // Not compressed: this archive goes to the orchestrator, which re-reads every byte (counts,
        // SHA-256) and compresses the merged archive once; deflating here too cost each service about
        // as much CPU as its COPY (docs/benchmarks.md, Export).
        zip.setLevel(Deflater.NO_COMPRESSION);
        String part = "the archive";
        try {
            var rows = new LinkedHashMap<String, Long>();
            CopyManager copy = requireConnection().unwrap(PGConnection.class).getCopyAPI();
            for (TableStatements table : tables.reversed()) {
                part = "table " + table.table();
                entry(zip, table.table() + DeletionEndpoints.EXPORT_TABLE_SUFFIX);
                long copied = copy.copyOut(table.exportCopy(tenantId), zip);
                zip.closeEntry();
                rows.put(table.table(), copied);
                for (TenantDataDeletionListener listener : listeners) {
                    listener.exportTableWritten(tenantId, table.table(), copied);
                }
            }
            part = "the end of the snapshot";
            endSnapshot();
            var files = new LinkedHashMap<String, Long>();
            for (ExternalTenantData data : externalData) {
                part = "external data " + data.name();
                if (data.name().contains("/")
                        || !ExportPaths.normalise(data.name()).equals(data.name())) {
                    throw new IOException("external data name '" + data.name() + "' is not one path segment");
                }
                data.export(tenantId, new FileEntries(zip, DeletionEndpoints.EXPORT_FILES + data.name() + "/", files));
            }
            part = DeletionEndpoints.EXPORT_MANIFEST;
            entry(zip, DeletionEndpoints.EXPORT_MANIFEST);
            zip.write(JSON.writeValueAsBytes(new TenantDataExportManifest(
                    service, plan.schema(), tenantId, snapshotAt, TenantDataExportManifest.NDJSON, rows, files)));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            completed = true;
            log.info(
                    "Exported tenant {} from schema {} (snapshot {}): {} rows, {} files",
                    tenantId,
                    plan.schema(),
                    snapshotAt,
                    rows.values().stream().mapToLong(Long::longValue).sum(),
                    files.size());
        } catch (SQLException | IOException | RuntimeException e) {
            log.error(
                    "Export of tenant {} from schema {} aborted while writing {}: the archive is left incomplete",
                    tenantId,
                    plan.schema(),
                    part,
                    e);
            throw new TenantDataExportException(
                    "export of tenant " + tenantId + " from schema " + plan.schema() + " aborted at " + part, e);
        } finally {
            close();
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            for (TenantDataDeletionListener listener : listeners) {
                try {
                    listener.exportFinished(tenantId, completed, duration);
                } catch (RuntimeException e) {
                    log.warn("Deletion listener {} failed", listener, e);
                }
            }
        }
    }

    /** Ends the transaction and gives the connection back; once the archive is written, does nothing. */
    @Override
    public void close() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            release(open);
        }
    }

    private void endSnapshot() throws SQLException {
        requireConnection().rollback();
        close();
    }

    private Connection requireConnection() {
        Connection open = connection;
        if (open == null) {
            throw new IllegalStateException("the export of tenant " + tenantId + " is closed");
        }
        return open;
    }

    private void entry(ZipOutputStream zip, String name) throws IOException {
        var entry = new ZipEntry(name);
        entry.setLastModifiedTime(FileTime.from(snapshotAt));
        zip.putNextEntry(entry);
    }

    private static void release(Connection connection) {
        try {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.debug("Could not end the export's transaction; closing its connection", e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Could not close the export's connection", e);
            }
        }
    }

    /** The sink of one external data's items: each becomes an entry below its folder, counted in the manifest. */
    private final class FileEntries implements ExternalDataExport {

        private final ZipOutputStream zip;
        private final String folder;
        private final Map<String, Long> files;

        FileEntries(ZipOutputStream zip, String folder, Map<String, Long> files) {
            this.zip = zip;
            this.folder = folder;
            this.files = files;
        }

        @Override
        public void write(String relativePath, long size, InputStream content) throws IOException {
            String name = folder + ExportPaths.normalise(relativePath);
            if (files.containsKey(name)) {
                throw new IOException("export path " + name + " written twice");
            }
            entry(zip, name);
            long copied = content.transferTo(zip);
            zip.closeEntry();
            if (copied != size) {
                throw new IOException(
                        name + " has " + copied + " bytes, " + size + " announced: it changed while read");
            }
            files.put(name, copied);
        }
    }

    /** The response stream, buffered; finishing the archive must not close it (the container does). */
    private static final class Unclosed extends BufferedOutputStream {

        Unclosed(OutputStream out, int size) {
            super(out, size);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
