package com.bakeryia.notification.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/**
 * Erases a tenant's notifications, their delivery attempts, its people's preferences and its own
 * templates. System templates (a null {@code tenant_id}) serve every tenant and are kept.
 */
@Component
class NotificationTenantDataDeletionService extends TenantDataDeletionService {

    NotificationTenantDataDeletionService() {
        super(TenantDataSchema.named("notification")
                .systemRows(
                        "notification_templates",
                        "rows with a null tenant_id are built-in system templates used by every tenant;"
                                + " only the tenant's own templates are erased"));
    }
}
