package com.bakeryia.tenant.problems;

import java.util.Map;

/**
 * A refusal that tenant-service answers as an RFC 9457 problem of the given {@link ProblemType};
 * the message becomes the {@code detail}, and {@code properties} are added as extension members.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType problemType;
    private final transient Map<String, Object> properties;

    /** A problem whose detail says what was wrong. */
    public ProblemException(ProblemType problemType, String detail) {
        this(problemType, detail, Map.of());
    }

    /** A problem with extension members, e.g. the ids it concerns. */
    public ProblemException(ProblemType problemType, String detail, Map<String, Object> properties) {
        super(detail);
        this.problemType = problemType;
        this.properties = Map.copyOf(properties);
    }

    /** The kind of problem. */
    public ProblemType problemType() {
        return problemType;
    }

    /** Extension members of the problem. */
    public Map<String, Object> properties() {
        return properties;
    }
}
