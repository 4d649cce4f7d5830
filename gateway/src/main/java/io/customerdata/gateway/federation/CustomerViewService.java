package io.customerdata.gateway.federation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyRefusals;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.SourceRecord;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The unified customer view: one customer as every department knows them, with every
 * field allowed, masked or withheld for this caller, purpose and customer.
 *
 * <ol>
 * <li>A first decision, for the best case (the customer in the caller's region, not
 * restricted, consenting), tells which sources the caller may see anything of: only those
 * are asked (data minimisation).</li>
 * <li>Identity resolution links the customer's records across them.</li>
 * <li>Each linked record is decided for the customer as it establishes them
 * ({@link CustomerAttributes}): a record the caller is not admitted to is left out; the
 * others are enforced, each under its own decision, before they are merged.</li>
 * </ol>
 */
public final class CustomerViewService {

	private final CustomerResolver resolver;

	private final Set<String> federatedSources;

	private final PolicyDecisionPoint policy;

	private final Disclosure disclosure;

	private final boolean hideExistence;

	private final AccessHints hints;

	private final CustomerAttributes attributes;

	private final CustomerViewAnswer answer;

	CustomerViewService(CustomerResolver resolver, Set<String> federatedSources, PolicyDecisionPoint policy,
			Disclosure disclosure, boolean hideExistence, AccessHints hints, CustomerAttributes attributes) {
		this.attributes = attributes;
		this.answer = new CustomerViewAnswer(hideExistence, hints);
		this.hideExistence = hideExistence;
		this.hints = hints;
		this.resolver = resolver;
		this.federatedSources = federatedSources;
		this.policy = policy;
		this.disclosure = disclosure;
	}

	/**
	 * The source record a reference names by its source's own id ({@code crm:ACC-1} →
	 * {@code crm:ACC-1}); none for an e-mail or phone, which are values, or a malformed
	 * reference.
	 */
	public Optional<String> namedRecord(String reference) {
		try {
			CustomerReference parsed = CustomerReference.parse(reference, this.federatedSources);
			return Optional.ofNullable(parsed.source()).map((source) -> source + ":" + parsed.value());
		}
		catch (GatewayProblem malformed) {
			return Optional.empty();
		}
	}

	/**
	 * A customer's view as disclosed; for the audit trail, never for the caller: the
	 * input of the decision that disclosed it, and the {@code source:field} names each
	 * source disclosed in clear.
	 */
	public record CustomerView(ObjectNode body, PolicyInput input, List<String> disclosed) {
	}

	public Mono<CustomerView> view(Subject subject, @Nullable String purpose, String reference) {
		CustomerReference parsed;
		try {
			parsed = CustomerReference.parse(reference, this.federatedSources);
		}
		catch (GatewayProblem problem) {
			return Mono.error(problem);
		}
		PolicyInput.Subject who = new PolicyInput.Subject(subject.roles(), subject.department(), subject.region(),
				subject.id());
		PolicyDecisionPoint policy = this.policy.pinned();
		return policy.decideBestCase(who, purpose).flatMap((best) -> {
			if (!best.allow()) {
				return Mono
					.error(PolicyRefusals.problem(best, this.hints.forSources(this.federatedSources, best.purpose())));
			}
			Set<String> visible = best.visibleSources();
			if (parsed.source() != null && !visible.contains(parsed.source())) {
				return Mono.error(GatewayProblem.refusal(ProblemType.POLICY_DENIED,
						"Nothing of source '" + parsed.source() + "' may be disclosed to you for purpose "
								+ best.purpose() + ".",
						Decision.Reason.NO_GRANT.code(),
						this.hints.extensionFor(Set.of(parsed.source()), best.purpose())));
			}
			return this.resolver.resolve(parsed, visible)
				.flatMap((resolution) -> assemble(policy, who, best.purpose(), reference, resolution));
		});
	}

	private Mono<CustomerView> assemble(PolicyDecisionPoint policy, PolicyInput.Subject who, String purpose,
			String reference, Resolution resolution) {
		if (resolution.records().isEmpty()) {
			return Mono.error(resolution.allAskedFailed() ? GatewayProblem.of(ProblemType.SOURCES_UNAVAILABLE,
					"No source that may disclose this customer to you is available.") : notFound());
		}
		return Admission.decide(policy, who, purpose, resolution.records(), this.attributes, CustomerViewService::found)
			.map((admission) -> {
				if (admission.nothingAdmitted()) {
					throw PolicyRefusals.problem(admission.firstRefusal(), this.hideExistence, notFound());
				}
				Disclosure.Disclosed disclosed = this.disclosure.disclose(admission.admitted());
				PolicyInput input = new PolicyInput(who, purpose,
						this.attributes.ofCustomer(admission.admittedRecords()));
				return new CustomerView(this.answer.of(admission, reference, resolution, disclosed), input,
						disclosed.disclosed());
			});
	}

	/** Found by the reference itself, not linked through another record's keys. */
	private static boolean found(SourceRecord record) {
		return record.matchedBy().equals(CustomerResolver.BY_REFERENCE);
	}

	private static GatewayProblem notFound() {
		return GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND, "No source you may see knows this customer.");
	}

}
