package com.bakeryia.fleet.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
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
 * Answers a request body that is not the documented JSON with a {@link
 * FleetProblem#INVALID_REQUEST_BODY} problem whose detail names the field (unknown, missing, of the
 * wrong type, invalid), and a body id that is not a canonical UUID with {@link FleetProblem#INVALID_ID}
 * as {@link InvalidId}'s default words it; a body read past {@code deletion.web.max-request-body-size}
 * with 413 {@link FleetProblem#REQUEST_TOO_LARGE}, as everywhere in the fleet. Not an auto-configuration: a service whose clients know
 * these answers (tenant-service) declares it as a bean; the others keep Spring's problem details.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyProblemHandler {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        Optional<RequestBodyTooLargeException> tooLarge = RequestBodyTooLargeException.in(e);
        if (tooLarge.isPresent()) {
            return RequestBodyLimitFilter.problem(tooLarge.get().limit());
        }
        if (e.getMostSpecificCause() instanceof InvalidFormatException invalid
                && invalid.getTargetType() == UUID.class) {
            return FleetProblem.INVALID_ID.detail(
                    path(invalid) + " '" + invalid.getValue() + "' is not a canonical UUID (8-4-4-4-12 hex digits)");
        }
        return FleetProblem.INVALID_REQUEST_BODY.detail(describe(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(RequestBodyProblemHandler::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return FleetProblem.INVALID_REQUEST_BODY.detail(detail.isEmpty() ? "The request body is invalid" : detail);
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
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
