package com.bakeryia.orchestrator.client;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the orchestrator reads the services' answers.
 *
 * @param maxAnswerSize the largest answer body read from a service; a larger one is not read
 *     further and fails the call as rejected (a retry would get the same answer)
 */
@ConfigurationProperties("orchestrator.client")
public record ClientProperties(@DefaultValue("1MB") DataSize maxAnswerSize) {}
