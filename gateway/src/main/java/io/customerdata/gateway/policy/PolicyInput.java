package io.customerdata.gateway.policy;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a decision depends on, and nothing else: it is also the decision cache's key.
 *
 * @param purpose the stated purpose; {@code null} takes the role's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyInput(Subject subject, @Nullable String purpose, Customer customer) {

	public record Subject(Set<String> roles, @Nullable String department, @Nullable String region) {
	}

	/**
	 * @param consents purpose to whether the customer consented to it; absent means no
	 */
	public record Customer(@Nullable String region, boolean restricted, Map<String, Boolean> consents) {
	}

}
