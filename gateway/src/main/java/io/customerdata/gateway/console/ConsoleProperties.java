package io.customerdata.gateway.console;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The officers' console.
 *
 * @param clientId the Keycloak client the console signs in with: public, authorization
 * code with PKCE, with {@code <gateway>/console/*} among its redirect URIs
 */
@ConfigurationProperties("gateway.console")
@Validated
public record ConsoleProperties(@DefaultValue("policy-console") @NotBlank String clientId) {

}
