package io.customerdata.gateway.access;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.AuditBounds;
import org.jspecify.annotations.Nullable;

/**
 * An access request as posted, checked against the policy in force before anything is
 * stored: fields and sources it knows, a purpose it knows, a justification and a customer
 * reference within the trail's bounds, a duration within the longest allowed.
 */
final class AccessRequestForm {

	private final Duration maxDuration;

	AccessRequestForm(Duration maxDuration) {
		this.maxDuration = maxDuration;
	}

	/** What a caller asks for, as posted. */
	record Filed(@Nullable List<String> fields, @Nullable String purpose, @Nullable String justification,
			@Nullable String duration, @Nullable String customer) {
	}

	/** A request that passed every check, ready to be stored. */
	record Valid(List<String> fields, String purpose, String justification, Duration duration,
			@Nullable String customer) {
	}

	Valid validate(CompiledPolicy active, Filed filed) {
		List<String> fields = fields(active, filed.fields());
		String purpose = required(filed.purpose(), "purpose");
		if (!active.knowsPurpose(purpose)) {
			throw GatewayProblem.of(ProblemType.UNKNOWN_PURPOSE,
					"Purpose '" + purpose + "' is not one the policy knows.");
		}
		String justification = required(filed.justification(), "justification").strip();
		if (justification.length() > AuditBounds.FREE_TEXT) {
			throw GatewayProblem.tooLong("A justification", AuditBounds.FREE_TEXT);
		}
		Duration duration = duration(filed.duration());
		String customer = customer(active, filed.customer());
		return new Valid(fields, purpose, justification, duration, customer);
	}

	private List<String> fields(CompiledPolicy active, @Nullable List<String> names) {
		if (names == null || names.isEmpty()) {
			throw GatewayProblem
				.badRequest("Name the fields as source:field (crm:sales.deals[].amount), or a whole source (crm).");
		}
		Set<String> fields = new LinkedHashSet<>();
		for (String name : names) {
			int colon = name.indexOf(':');
			String source = (colon < 0) ? name : name.substring(0, colon);
			if (!active.knowsSource(source)) {
				throw GatewayProblem.badRequest("'" + source + "' is not a source the policy knows.");
			}
			if (colon >= 0 && !active.fieldsOf(source).contains(name.substring(colon + 1))) {
				throw GatewayProblem.badRequest("Source '" + source + "' has no field '" + name.substring(colon + 1)
						+ "' (the names are the policy's, as in the answer's withheld_fields).");
			}
			fields.add(name);
		}
		return List.copyOf(fields);
	}

	private Duration duration(@Nullable String text) {
		Duration duration;
		try {
			duration = Duration.parse(required(text, "duration"));
		}
		catch (DateTimeParseException ex) {
			throw GatewayProblem.badRequest("The duration is ISO 8601: P1D, PT8H.");
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(this.maxDuration) > 0) {
			throw GatewayProblem.badRequest("The duration is more than nothing and at most " + this.maxDuration
					+ "; an extension is a new request.");
		}
		return duration;
	}

	private static @Nullable String customer(CompiledPolicy active, @Nullable String reference) {
		if (reference == null || reference.isBlank()) {
			return null;
		}
		if (reference.length() > AuditBounds.REFERENCE) {
			throw GatewayProblem.tooLong("customer", AuditBounds.REFERENCE);
		}
		int colon = reference.indexOf(':');
		if (colon <= 0 || colon == reference.length() - 1 || !active.knowsSource(reference.substring(0, colon))) {
			throw GatewayProblem.of(ProblemType.INVALID_REFERENCE,
					"A request for one customer names one of its records as source:id (crm:ACC-000042).");
		}
		return reference;
	}

	static String required(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw GatewayProblem.badRequest("A request needs a " + name + ".");
		}
		return value;
	}

}
