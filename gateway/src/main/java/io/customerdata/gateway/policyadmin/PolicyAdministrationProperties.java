package io.customerdata.gateway.policyadmin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy administration (with {@code gateway.policy.source=database}).
 *
 * @param pollInterval how often each replica asks which version is in force: a published
 * version reaches every replica within this interval
 */
@ConfigurationProperties("gateway.policy.administration")
public record PolicyAdministrationProperties(@DefaultValue("1s") Duration pollInterval) {

}
