package io.customerdata.gateway.federation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.customerdata.gateway.audit.CustomerRecords;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.SourceRecord;
import reactor.core.publisher.Mono;

/**
 * Which records, across every source, belong to the customer a reference names, resolved
 * exactly as lookups resolve it, but without a policy decision: for security officers
 * asking the audit trail about a customer. Only record ids leave, never a field.
 */
public final class CustomerLinks implements CustomerRecords {

	private final CustomerResolver resolver;

	private final Set<String> sources;

	private final CustomerAttributes attributes;

	CustomerLinks(CustomerResolver resolver, Set<String> sources, CustomerAttributes attributes) {
		this.attributes = attributes;
		this.resolver = resolver;
		this.sources = sources;
	}

	/**
	 * What a policy decides on about a customer, for simulating a policy change: the
	 * linked records and the customer's attributes as a whole (a region only where every
	 * record's is the same), never a field's value.
	 */
	public record Profile(List<String> records, PolicyInput.Customer attributes) {
	}

	/** The customer's profile across every source; not found if no source knows them. */
	public Mono<Profile> profile(String reference) {
		return resolve(reference).flatMap((resolved) -> {
			List<SourceRecord> found = resolved.resolution().records();
			if (found.isEmpty()) {
				return Mono.error(GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND, "No source knows this customer."));
			}
			return Mono.just(new Profile(found.stream().map(SourceRecord::reference).toList(),
					this.attributes.ofCustomer(found)));
		});
	}

	/**
	 * The linked records as {@code source:id}; a source's own id counts even if the
	 * source no longer knows it (the customer may be gone, their audit trail is not).
	 */
	@Override
	public Mono<List<String>> records(String reference) {
		return resolve(reference).map((resolved) -> {
			LinkedHashSet<String> records = new LinkedHashSet<>();
			if (resolved.reference().source() != null) {
				records.add(resolved.reference().source() + ":" + resolved.reference().value());
			}
			resolved.resolution().records().forEach((record) -> records.add(record.reference()));
			return List.copyOf(records);
		});
	}

	private record Resolved(CustomerReference reference, Resolution resolution) {
	}

	/** The reference resolved across every source, as lookups resolve it. */
	private Mono<Resolved> resolve(String reference) {
		CustomerReference parsed;
		try {
			parsed = CustomerReference.parse(reference, this.sources);
		}
		catch (GatewayProblem problem) {
			return Mono.error(problem);
		}
		return this.resolver.resolve(parsed, this.sources).map((resolution) -> new Resolved(parsed, resolution));
	}

}
