package com.bakeryia.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

class RequestBodyProblemHandlerTests {

    private final RequestBodyProblemHandler handler = new RequestBodyProblemHandler();

    @Test
    void answersABodyReadPastTheLimitWith413() {
        ProblemDetail problem = handler.unreadableBody(new HttpMessageNotReadableException(
                "I/O error while reading input message",
                new RequestBodyTooLargeException(65536),
                new MockHttpInputMessage(new byte[0])));

        assertThat(problem.getStatus()).isEqualTo(413);
        assertThat(problem.getType()).hasToString("urn:bakery-ia:problem:request-too-large");
        assertThat(problem.getDetail()).contains("65536 bytes");
    }

    @Test
    void answersAnotherUnreadableBodyWith400() {
        ProblemDetail problem = handler.unreadableBody(new HttpMessageNotReadableException(
                "I/O error", new IOException("reset"), new MockHttpInputMessage(new byte[0])));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType()).hasToString("urn:bakery-ia:problem:invalid-request-body");
    }
}
