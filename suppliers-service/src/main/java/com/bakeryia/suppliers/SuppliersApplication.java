package com.bakeryia.suppliers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Suppliers of a bakery, their orders, contracts and payments. */
@SpringBootApplication
public class SuppliersApplication {

    public static void main(String[] args) {
        SpringApplication.run(SuppliersApplication.class, args);
    }
}
