package io.customerdata.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a caller may send.
 *
 * @param maxBodySize largest request body accepted; larger ones get a 413 before they
 * reach a department
 */
@ConfigurationProperties("gateway.limits")
@Validated
public record RequestLimitsProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
