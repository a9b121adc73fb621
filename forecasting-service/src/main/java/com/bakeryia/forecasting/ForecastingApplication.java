package com.bakeryia.forecasting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Demand forecasts of a bakery, prediction batches, forecast metrics and the prediction cache. */
@SpringBootApplication
public class ForecastingApplication {

    public static void main(String[] args) {
        SpringApplication.run(ForecastingApplication.class, args);
    }
}
