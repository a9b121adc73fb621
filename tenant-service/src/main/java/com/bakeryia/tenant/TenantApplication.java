package com.bakeryia.tenant;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Tenants (bakeries), their members and roles, ownership transfer and the owner's request to erase the tenant. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TenantApplication {

    public static void main(String[] args) {
        SpringApplication.run(TenantApplication.class, args);
    }

    /** The clock of membership dates, grace periods, outbox back-off and token checks; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
