package com.bakeryia.fleet.web;

import java.beans.PropertyEditorSupport;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Binds every {@link UUID} path variable and query parameter through {@link CanonicalUuidConverter},
 * and answers one it refused with the 400 problem its controller declares ({@link InvalidId}), naming
 * the parameter and the value sent, never the conversion's internals.
 *
 * <p>The converter is set as the binder's editor for {@link UUID}: registered only with the
 * conversion service it would not be enough, since data binding falls back to the JDK's lenient
 * {@code UUIDEditor} when a conversion fails. The answer matches the converter's exception (the
 * cause of the mismatch), so every other type mismatch keeps Spring's answer; first among the
 * advice, since no service's own advice can tell a refused id from another mismatch.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalUuidControllerAdvice {

    private final CanonicalUuidConverter converter = new CanonicalUuidConverter();

    private static final int MAX_VALUE_LENGTH = 64;
    private static final String DEFAULT_DETAIL = defaultDetail();

    @InitBinder
    void bindUuidsStrictly(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(converter.convert(text));
            }
        });
    }

    @ExceptionHandler(CanonicalUuidConverter.NotCanonicalException.class)
    ProblemDetail invalidId(MethodArgumentTypeMismatchException e) {
        InvalidId answer = declared(e.getParameter());
        FleetProblem problem = answer != null ? answer.problem() : FleetProblem.INVALID_ID;
        String pattern = answer != null ? answer.detail() : DEFAULT_DETAIL;
        String name = e.getName();
        String value = abbreviate(String.valueOf(e.getValue()));
        return problem.detail(pattern.formatted(name, value, snakeCase(name), words(name)));
    }

    private static String defaultDetail() {
        try {
            return (String) InvalidId.class.getMethod("detail").getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable InvalidId declared(MethodParameter parameter) {
        InvalidId onMethod = AnnotatedElementUtils.findMergedAnnotation(parameter.getExecutable(), InvalidId.class);
        return onMethod != null
                ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(parameter.getContainingClass(), InvalidId.class);
    }

    private static String abbreviate(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH) + "...";
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String words(String name) {
        return snakeCase(name).replace('_', ' ');
    }
}
