package com.bakeryia.fleet.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a controller (or one of its methods) answers a path variable or query parameter of type
 * {@link java.util.UUID} that is not a canonical UUID: a 400 problem of the given kind and detail.
 * Without it, {@link FleetProblem#INVALID_ID} with the default detail. Each module keeps the answer
 * its clients know, for example
 *
 * <pre>{@code
 * @InvalidId(problem = FleetProblem.INVALID_TENANT_ID,
 *         detail = "Tenant id '%2$s' is not a canonical UUID (8-4-4-4-12 hexadecimal digits)")
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InvalidId {

    /**
     * The kind of problem.
     *
     * @return the kind
     */
    FleetProblem problem() default FleetProblem.INVALID_ID;

    /**
     * The detail, a {@link String#format} pattern of {@code %1$s} the parameter's name as bound
     * ({@code tenantId}, {@code tenant_id}), {@code %2$s} the value sent (at most 64 characters, then
     * {@code ...}), {@code %3$s} the name in snake case ({@code tenant_id}) and {@code %4$s} the name in
     * words ({@code tenant id}).
     *
     * @return the pattern
     */
    String detail() default "%3$s '%2$s' is not a canonical UUID (8-4-4-4-12 hex digits)";
}
