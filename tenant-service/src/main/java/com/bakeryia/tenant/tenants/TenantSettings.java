package com.bakeryia.tenant.tenants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant's settings: one row per tenant, created with the tenant. */
@Entity
@Table(name = "tenant_settings")
public class TenantSettings {

    static final String DEFAULT_TIME_ZONE = "UTC";
    static final String DEFAULT_CURRENCY = "EUR";
    static final String DEFAULT_LOCALE = "en";

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;

    private String timeZone;

    private String currency;

    private String locale;

    private Instant updatedAt;

    /** For JPA. */
    protected TenantSettings() {
        this.tenantId = new UUID(0, 0);
        this.timeZone = DEFAULT_TIME_ZONE;
        this.currency = DEFAULT_CURRENCY;
        this.locale = DEFAULT_LOCALE;
        this.updatedAt = Instant.EPOCH;
    }

    TenantSettings(UUID tenantId, Instant createdAt) {
        this.tenantId = tenantId;
        this.timeZone = DEFAULT_TIME_ZONE;
        this.currency = DEFAULT_CURRENCY;
        this.locale = DEFAULT_LOCALE;
        this.updatedAt = createdAt;
    }

    public String timeZone() {
        return timeZone;
    }

    public String currency() {
        return currency;
    }

    public String locale() {
        return locale;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void replace(String timeZone, String currency, String locale, Instant updatedAt) {
        this.timeZone = timeZone;
        this.currency = currency;
        this.locale = locale;
        this.updatedAt = updatedAt;
    }
}
