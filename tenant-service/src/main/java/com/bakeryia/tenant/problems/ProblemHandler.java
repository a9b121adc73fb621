package com.bakeryia.tenant.problems;

import com.bakeryia.tenant.TenantApplication;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answers of tenant-service's own endpoints: its {@link ProblemException}s, and request
 * bodies that are not the documented JSON (unknown fields, missing or malformed values), with a
 * detail naming the field. Other errors keep Spring's problem details.
 */
@RestControllerAdvice(basePackageClasses = TenantApplication.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler {

    @ExceptionHandler(ProblemException.class)
    ProblemDetail refused(ProblemException e) {
        ProblemDetail problem = problem(e.problemType(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        return problem(ProblemType.INVALID_REQUEST_BODY, describe(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(ProblemType.INVALID_REQUEST_BODY, detail.isEmpty() ? "The request body is invalid" : detail);
    }

    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'; accepted fields: "
                    + unknown.getKnownPropertyIds();
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "Field '" + path(invalid) + "' has an invalid value '" + invalid.getValue() + "'";
        }
        if (cause instanceof MismatchedInputException mismatched
                && !mismatched.getPath().isEmpty()) {
            return "Field '" + path(mismatched) + "' has the wrong type";
        }
        return "The request body is missing or is not valid JSON";
    }

    private static String describe(FieldError error) {
        return "Field '" + snakeCase(error.getField()) + "' " + error.getDefaultMessage();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
    }
}
