package com.bakeryia.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/**
 * An HTTP answer of the fleet.
 *
 * @param status the status code
 * @param body the JSON body, a missing node when there is none or it is not JSON
 * @param raw the body as text
 * @param headers the headers
 */
public record ApiResponse(int status, JsonNode body, String raw, HttpHeaders headers) {

    /** The body, or an exception naming the status and body when the status is not the expected one. */
    public JsonNode expect(int expectedStatus, String what) {
        if (status != expectedStatus) {
            throw new IllegalStateException(what + ": expected HTTP " + expectedStatus + ", got " + status + " " + raw);
        }
        return body;
    }
}
