package io.customerdata.gateway.federation;

import java.util.Set;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.IdentityKeys;
import org.jspecify.annotations.Nullable;

/**
 * How a caller names a customer: {@code crm:ACC-000123} (a source's own id),
 * {@code email:alice@example.com} or {@code phone:+447700900123} (international
 * notation).
 *
 * @param key the lookup it takes: {@code id}, {@code email} or {@code phone}
 * @param source for {@code id}: the source whose id it is
 * @param value the id, or the normalised address or number
 */
public record CustomerReference(String key, @Nullable String source, String value) {

	static final int MAX_ID_LENGTH = 128;

	public static CustomerReference parse(String reference, Set<String> sources) {
		int colon = reference.indexOf(':');
		if (colon < 1) {
			throw invalid("Use source:id, email:address or phone:+number.");
		}
		String kind = reference.substring(0, colon);
		String rest = reference.substring(colon + 1);
		return switch (kind) {
			case "email" -> new CustomerReference("email", null,
					IdentityKeys.email(rest).orElseThrow(() -> invalid("Not an e-mail address.")));
			case "phone" -> new CustomerReference("phone", null, IdentityKeys.phone(rest, null)
				.orElseThrow(() -> invalid("Not a phone number in international notation (+country code).")));
			default -> {
				if (!sources.contains(kind)) {
					throw invalid("Unknown source '" + kind + "'; use one of " + sources + ", email: or phone:.");
				}
				// A dot segment is no id: a server resolves it to another path.
				if (rest.isBlank() || rest.length() > MAX_ID_LENGTH || rest.chars().anyMatch(Character::isISOControl)
						|| rest.equals(".") || rest.equals("..")) {
					throw invalid("Not a valid id.");
				}
				yield new CustomerReference("id", kind, rest);
			}
		};
	}

	private static GatewayProblem invalid(String detail) {
		return GatewayProblem.of(ProblemType.INVALID_REFERENCE, detail);
	}

}
