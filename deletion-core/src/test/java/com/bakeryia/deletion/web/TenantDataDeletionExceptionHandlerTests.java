package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.web.CorrelationId;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.UncategorizedSQLException;

@ExtendWith(OutputCaptureExtension.class)
class TenantDataDeletionExceptionHandlerTests {

    private static final String SQL = "DELETE FROM orders.order_lines WHERE tenant_id = ?";

    private final TenantDataDeletionExceptionHandler handler = new TenantDataDeletionExceptionHandler();

    @AfterEach
    void clearMdc() {
        MDC.remove(CorrelationId.MDC_KEY);
    }

    @Test
    void answersADatabaseFailureWithoutItsSqlOrMessage(CapturedOutput output) {
        MDC.put(CorrelationId.MDC_KEY, "db-1");
        UncategorizedSQLException failure = new UncategorizedSQLException(
                "deleting rows", SQL, new SQLException("FATAL: password authentication failed for user \"app\""));

        ProblemDetail problem = handler.databaseUnavailable(failure);

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getDetail())
                .doesNotContain("DELETE", "order_lines", "password", "FATAL")
                .isEqualTo("The service's database did not answer; try again later, or quote correlation id db-1");
        assertThat(output.getOut()).contains("correlation id db-1").contains("password authentication failed");
    }
}
