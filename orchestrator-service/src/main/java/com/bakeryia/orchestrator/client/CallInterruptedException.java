package com.bakeryia.orchestrator.client;

/** The calling thread was interrupted (its worker is stopping); the call's outcome is unknown. */
public final class CallInterruptedException extends RuntimeException {

    public CallInterruptedException(InterruptedException cause) {
        super("Interrupted while calling a service", cause);
    }
}
