package io.customerdata.gateway.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How to ask for what a decision withholds (docs/access-requests.md): the access request
 * endpoint and a body prefilled with the fields, their source, the purpose and, for a
 * single customer's answer, that customer. The caller adds a justification and may change
 * the rest. Where there are no access requests (the policy read from a file), there are
 * no hints.
 */
public final class AccessHints {

	/** Where requests are filed. */
	public static final String ENDPOINT = "/api/v1/access-requests";

	/** The duration proposed, ISO 8601; {@code null}: no hints. */
	private final @Nullable String duration;

	private AccessHints(@Nullable String duration) {
		this.duration = duration;
	}

	/** Hints proposing this duration. */
	public static AccessHints proposing(java.time.Duration duration) {
		return new AccessHints(iso(duration));
	}

	/** No hints: there is nowhere to file a request. */
	public static AccessHints none() {
		return new AccessHints(null);
	}

	/** ISO 8601, in days where it is whole days ({@code P7D}, not {@code PT168H}). */
	public static String iso(java.time.Duration duration) {
		return (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0)
				? "P" + duration.toDays() + "D" : duration.toString();
	}

	/**
	 * The hint for an answer that withheld or masked these names ({@code source:field} as
	 * in {@code _meta.fields}; a withheld list, {@code crm:sales.deals}, stands for every
	 * field the decision did not allow under it); empty when there is nothing to ask for.
	 * @param customer one of the customer's records, {@code source:id}
	 */
	public Map<String, Object> forAnswer(Decision decision, Collection<String> notShown, @Nullable String customer) {
		String proposed = this.duration;
		if (proposed == null) {
			return Map.of();
		}
		Set<String> fields = new LinkedHashSet<>();
		for (String name : notShown) {
			int colon = name.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String source = name.substring(0, colon);
			String path = name.substring(colon + 1);
			decision.sources().getOrDefault(source, Map.of()).forEach((field, view) -> {
				boolean under = field.equals(path) || field.startsWith(path + "[]") || field.startsWith(path + ".");
				if (under && !view.equals(Decision.ALLOW) && !field.equals(Decision.UNCLASSIFIED)) {
					fields.add(source + ":" + field);
				}
			});
		}
		if (fields.isEmpty()) {
			return Map.of();
		}
		List<String> sorted = new ArrayList<>(fields);
		sorted.sort(null);
		return hint(sorted, decision.purpose(), customer, proposed);
	}

	/** The hint for a refusal of whole sources: each of them, whole. */
	public Map<String, Object> forSources(Collection<String> sources, @Nullable String purpose) {
		String proposed = this.duration;
		return (proposed == null || sources.isEmpty()) ? Map.of()
				: hint(sources.stream().sorted().toList(), purpose, null, proposed);
	}

	/** The problem's member for a refusal of these sources: {@code access_request}. */
	public Map<String, Object> extensionFor(Collection<String> sources, @Nullable String purpose) {
		Map<String, Object> hint = forSources(sources, purpose);
		return hint.isEmpty() ? Map.of() : Map.of("access_request", hint);
	}

	private static Map<String, Object> hint(List<String> fields, @Nullable String purpose, @Nullable String customer,
			String duration) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("fields", fields);
		if (purpose != null) {
			body.put("purpose", purpose);
		}
		if (customer != null) {
			body.put("customer", customer);
		}
		body.put("duration", duration);
		body.put("justification", "");
		Map<String, Object> hint = new LinkedHashMap<>();
		hint.put("method", "POST");
		hint.put("href", ENDPOINT);
		hint.put("body", body);
		return hint;
	}

}
