package com.bakeryia.fleet.web;

import java.util.Map;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal answered as an RFC 9457 problem of a {@link FleetProblem} kind: the detail says what was
 * wrong, the properties become extension members (the ids it concerns, say). Spring MVC answers it
 * as any {@link ErrorResponseException}.
 */
public class FleetProblemException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    /**
     * A problem whose detail says what was wrong.
     *
     * @param problem the kind
     * @param detail the {@code detail}
     */
    public FleetProblemException(FleetProblem problem, String detail) {
        this(problem, detail, Map.of());
    }

    /**
     * A problem with extension members.
     *
     * @param problem the kind
     * @param detail the {@code detail}
     * @param properties extension members, e.g. the ids the problem concerns
     */
    public FleetProblemException(FleetProblem problem, String detail, Map<String, Object> properties) {
        super(problem.status(), problem.detail(detail), null);
        properties.forEach(getBody()::setProperty);
    }

    @Override
    public String getMessage() {
        return String.valueOf(getBody().getDetail());
    }
}
