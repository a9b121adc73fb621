package com.bakeryia.pos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Point-of-sale integration of a bakery: provider configurations (credentials encrypted at rest), transactions, webhook and sync logs. */
@SpringBootApplication
public class PosApplication {

    public static void main(String[] args) {
        SpringApplication.run(PosApplication.class, args);
    }
}
