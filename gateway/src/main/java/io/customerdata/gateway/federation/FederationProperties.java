package io.customerdata.gateway.federation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The departmental applications behind the gateway. Adding a department is an entry here
 * (and policy data), not code.
 *
 * @param sources source id (the path segment in {@code /api/v1/departments/{id}/**}) to
 * its definition
 */
@ConfigurationProperties("gateway.federation")
@Validated
public record FederationProperties(@NotEmpty Map<String, @Valid Source> sources) {

	/**
	 * One departmental application.
	 *
	 * @param baseUrl where the application's API is served
	 * @param department the department in charge of the application; its members reach
	 * the application's own API
	 * @param connectTimeout bound on opening a connection to it
	 * @param responseTimeout bound on waiting for its response
	 */
	public record Source(@NotNull URI baseUrl, @NotBlank String department, @DefaultValue("1s") Duration connectTimeout,
			@DefaultValue("5s") Duration responseTimeout) {
	}

	/** The source with this id, if configured. */
	public Optional<Source> source(String id) {
		return Optional.ofNullable(this.sources.get(id));
	}

}
