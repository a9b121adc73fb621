package com.bakeryia.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs tenant deletion jobs: durable jobs in PostgreSQL, parallel fan-out to every service, retries, receipts and an audit chain. */
@SpringBootApplication
public class OrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrchestratorApplication.class, args);
    }
}
