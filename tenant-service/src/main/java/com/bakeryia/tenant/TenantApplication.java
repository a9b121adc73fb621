package com.bakeryia.tenant;

import com.bakeryia.fleet.web.RequestBodyProblemHandler;
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

    /** Request bodies that are not the documented JSON are invalid-request-body problems naming the field. */
    @Bean
    RequestBodyProblemHandler requestBodyProblemHandler() {
        return new RequestBodyProblemHandler();
    }
}
