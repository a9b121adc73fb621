package com.bakeryia.notification.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
class NotificationSystemTemplatesIntegrationTests {

    private static final int SEEDED_SYSTEM_TEMPLATES = 6;

    private static final String SYSTEM_TEMPLATES_CHECKSUM = """
            SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
            FROM notification.notification_templates t
            WHERE t.tenant_id IS NULL
            """;
    private static final String INSERT_NOTIFICATION_FROM_SYSTEM_TEMPLATE = """
            INSERT INTO notification.notifications (id, tenant_id, template_code, event_type, channel, status, body)
            VALUES (?, ?, 'LOW_STOCK', 'LOW_STOCK', 'PUSH', 'SENT', 'Quedan 2 kg de harina de centeno.')
            """;

    @Autowired
    private NotificationTenantDataDeletionService service;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void declaresTheSystemRowsOfTheTemplatesWithTheReason() {
        assertThat(service.schema().systemRowTables()).containsOnlyKeys("notification_templates");
        assertThat(service.schema().systemRowTables().get("notification_templates"))
                .contains("system templates");
        assertThat(service.plan().deletionOrder()).contains("notification_templates");
    }

    @Test
    void erasesTheTenantsOwnTemplatesNotificationsAndPreferencesAndKeepsSystemTemplates() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        new TenantDataGenerator(dataSource, "notification", 21).generatePerTable(tenant, 10);
        new TenantDataGenerator(dataSource, "notification", 22).generatePerTable(neighbour, 10);
        jdbc.sql(INSERT_NOTIFICATION_FROM_SYSTEM_TEMPLATE)
                .params(UUID.randomUUID(), tenant)
                .update();
        var inspector = new SchemaInspector(dataSource, "notification");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);
        String systemTemplatesBefore = systemTemplatesChecksum();
        assertThat(systemTemplatesBefore).startsWith(SEEDED_SYSTEM_TEMPLATES + ":");

        DeletionPreview preview = service.preview(tenant);
        DeletionResult result = service.delete(tenant);

        assertThat(preview.counts())
                .containsEntry("notification_templates", 10L)
                .containsEntry("notifications", 11L)
                .containsEntry("notification_preferences", 10L)
                .containsEntry("notification_deliveries", 10L);
        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts()).isEqualTo(preview.counts());
        assertThat(inspector.rowCounts(tenant))
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        assertThat(systemTemplatesChecksum()).isEqualTo(systemTemplatesBefore);
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.danglingReferences()).isEmpty();
    }

    private String systemTemplatesChecksum() {
        return jdbc.sql(SYSTEM_TEMPLATES_CHECKSUM).query(String.class).single();
    }
}
