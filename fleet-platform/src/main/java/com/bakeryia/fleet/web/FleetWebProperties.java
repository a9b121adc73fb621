package com.bakeryia.fleet.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The web limits every service of the fleet applies ({@code deletion.web.*}).
 *
 * @param maxRequestBodySize the largest request body a service reads; a larger one is answered with
 *     413 {@link FleetProblem#REQUEST_TOO_LARGE} before it is parsed (a declared {@code Content-Length}
 *     before the token is looked at, a chunked body as soon as it is read past the limit). The fleet's
 *     requests are small JSON documents: 64 KB is far above the largest of them
 */
@ConfigurationProperties("deletion.web")
public record FleetWebProperties(@DefaultValue("64KB") DataSize maxRequestBodySize) {}
