package com.bakeryia.alertprocessor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Alerts raised for a bakery and the interactions with them. */
@SpringBootApplication
public class AlertProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertProcessorApplication.class, args);
    }
}
