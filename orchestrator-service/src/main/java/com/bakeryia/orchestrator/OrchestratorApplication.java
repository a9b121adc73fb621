package com.bakeryia.orchestrator;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Runs tenant deletion jobs: durable jobs in PostgreSQL, parallel fan-out to every service, retries, receipts and an audit chain. */
@SpringBootApplication
public class OrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrchestratorApplication.class, args);
    }

    /** The clock of leases, grace periods and timestamps; the system clock in UTC. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
