package io.customerdata.gateway.federation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.customerdata.gateway.enforcement.FieldEnforcer;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyRefusals;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The policy on a department's own JSON answers, as they come back through
 * {@code /api/v1/departments/{source}/**}: the same decisions and field views as the
 * unified view, applied in the source's own shape through its mapping.
 *
 * <ul>
 * <li>A record (the answer, or each element of one of its record arrays, as the source's
 * lookups name them) is decided for its own customer: region, restricted flag and
 * consents as the record says. A refused single record is a problem; refused records in a
 * list are left out and counted.</li>
 * <li>An include (a requester's tickets) is decided for the record it belongs to, which
 * is looked up by the id in the path.</li>
 * <li>Any other answer names no customer, so only field views apply: those of the
 * best-case decision, under which fields the mapping does not know take the source's
 * {@code *} view.</li>
 * </ul>
 */
public final class PassThroughEnforcer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Map<String, Shape> shapes;

	private final FieldEnforcer enforcer;

	/**
	 * What may leave of an answer.
	 *
	 * @param records the customer records it concerns, as {@code source:id}
	 * @param masked distinct paths masked
	 * @param withheld distinct paths withheld
	 * @param recordsWithheld records left out of a list
	 * @param input for an answer about one customer, the input of the decision enforced
	 * on it (for the audit trail); none for lists, whose records are decided one by one
	 */
	public record Enforced(JsonNode body, List<String> records, List<String> masked, List<String> withheld,
			int recordsWithheld, @Nullable PolicyInput input) {
	}

	/** What the gateway knows of the shape of one source's answers. */
	private record Shape(String source, SourcePathView paths, CanonicalMapping mapping,
			FieldExpression.@Nullable Path recordId, Set<String> recordArrays, List<PathPattern> includes,
			@Nullable SourceConnector connector) {

		boolean isRecord(JsonNode node) {
			return this.recordId != null && node.isObject() && this.recordId.read(node).isValueNode();
		}

		String recordOf(JsonNode record) {
			return this.source + ":" + java.util.Objects.requireNonNull(this.recordId).read(record).asString();
		}

		Optional<String> parentId(String path) {
			PathContainer container = PathContainer.parsePath(path);
			return this.includes.stream()
				.map((pattern) -> pattern.matchAndExtract(container))
				.filter(java.util.Objects::nonNull)
				.map((match) -> match.getUriVariables().get("id"))
				.findFirst();
		}

	}

	PassThroughEnforcer(FederationProperties federation, Map<String, SourceConnector> connectors,
			FieldEnforcer enforcer) {
		this.enforcer = enforcer;
		Map<String, Shape> shapes = new LinkedHashMap<>();
		federation.sources().forEach((id, source) -> {
			CanonicalMapping mapping = CanonicalMapping.of(source.mapping());
			Set<String> recordArrays = source.lookups()
				.values()
				.stream()
				.map(FederationProperties.Lookup::records)
				.filter(java.util.Objects::nonNull)
				.collect(Collectors.toUnmodifiableSet());
			List<PathPattern> includes = source.includes()
				.values()
				.stream()
				.map((include) -> PathPatternParser.defaultInstance.parse(include.path().split("\\?")[0]))
				.toList();
			shapes.put(id,
					new Shape(id, new SourcePathView(id, mapping), mapping,
							(source.recordId() != null) ? new FieldExpression.Path(source.recordId()) : null,
							recordArrays, includes, connectors.get(id)));
		});
		this.shapes = Map.copyOf(shapes);
	}

	/**
	 * @param path the path the source was asked for, without the gateway's prefix
	 * @param policy the decision point, pinned for this request
	 * @param bestCase the caller's decision for the best case, which already allowed the
	 * call
	 */
	public Mono<Enforced> enforce(String source, String path, PolicyDecisionPoint policy, PolicyInput.Subject who,
			Decision bestCase, JsonNode body) {
		Shape shape = this.shapes.get(source);
		if (shape == null) {
			return Mono.error(GatewayProblem.of(ProblemType.POLICY_DENIED, "Unknown source."));
		}
		Tally tally = new Tally();
		Optional<String> parent = shape.parentId(path);
		if (parent.isPresent() && shape.connector() != null && body.isObject()) {
			return parentDecision(policy, shape, parent.get(), who, bestCase.purpose()).map((decision) -> {
				tally.records.add(source + ":" + parent.get());
				return tally.result(enforceAs(shape, (ObjectNode) body, decision, tally));
			});
		}
		if (shape.isRecord(body)) {
			return single(policy, shape, (ObjectNode) body, who, bestCase, tally).map(tally::result);
		}
		Optional<String> wrapper = shape.recordArrays()
			.stream()
			.filter((name) -> shape.isRecord(body.path(name)))
			.findFirst();
		if (wrapper.isPresent()) {
			// One record in a wrapper ({"user": {...}}): decided as the record it is.
			ObjectNode rest = ((ObjectNode) body).deepCopy();
			rest.remove(wrapper.get());
			ObjectNode out = enforceAs(shape, rest, bestCase, tally);
			return single(policy, shape, (ObjectNode) body.get(wrapper.get()), who, bestCase, tally)
				.map((record) -> tally.result(out.set(wrapper.get(), record)));
		}
		if (body.isArray()) {
			return records(policy, shape, body, who, bestCase, tally).map((kept) -> tally.result(kept));
		}
		if (body.isObject()) {
			return list(policy, shape, (ObjectNode) body, who, bestCase, tally).map(tally::result);
		}
		return Mono.just(tally.result(body));
	}

	/** One record, decided for its own customer; refused, it is a problem. */
	private Mono<JsonNode> single(PolicyDecisionPoint policy, Shape shape, ObjectNode record, PolicyInput.Subject who,
			Decision bestCase, Tally tally) {
		PolicyInput input = input(shape, record, who, bestCase.purpose());
		return policy.decide(input).map((decision) -> {
			if (!decision.allow()) {
				throw PolicyRefusals.problem(decision);
			}
			tally.records.add(shape.recordOf(record));
			tally.input = input;
			return enforceAs(shape, record, decision, tally);
		});
	}

	/**
	 * A wrapper: its record arrays record by record, everything else (paging) as fields
	 * naming no customer.
	 */
	private Mono<JsonNode> list(PolicyDecisionPoint policy, Shape shape, ObjectNode body, PolicyInput.Subject who,
			Decision bestCase, Tally tally) {
		ObjectNode rest = body.deepCopy();
		Map<String, JsonNode> arrays = new LinkedHashMap<>();
		shape.recordArrays().forEach((name) -> {
			if (body.path(name).isArray()) {
				arrays.put(name, body.get(name));
				rest.remove(name);
			}
		});
		ObjectNode out = enforceAs(shape, rest, bestCase, tally);
		return Flux.fromIterable(arrays.entrySet())
			.concatMap((array) -> records(policy, shape, array.getValue(), who, bestCase, tally)
				.doOnNext((kept) -> out.set(array.getKey(), kept)))
			.then(Mono.just(out));
	}

	/** Each record decided for its own customer; refused ones are left out. */
	private Mono<JsonNode> records(PolicyDecisionPoint policy, Shape shape, JsonNode array, PolicyInput.Subject who,
			Decision bestCase, Tally tally) {
		return Flux.fromIterable(array::iterator).concatMap((element) -> {
			if (!element.isObject()) {
				return Mono.just(Optional.<JsonNode>empty());
			}
			if (!shape.isRecord(element)) {
				return Mono.just(Optional.<JsonNode>of(enforceAs(shape, (ObjectNode) element, bestCase, tally)));
			}
			return decide(policy, shape, element, who, bestCase.purpose()).map((decision) -> {
				if (!decision.allow()) {
					tally.recordsWithheld++;
					return Optional.<JsonNode>empty();
				}
				tally.records.add(shape.recordOf(element));
				return Optional.<JsonNode>of(enforceAs(shape, (ObjectNode) element, decision, tally));
			});
		})
			.filter(Optional::isPresent)
			.map(Optional::get)
			.collect(NODES::arrayNode, ArrayNode::add)
			.cast(JsonNode.class);
	}

	private Mono<Decision> decide(PolicyDecisionPoint policy, Shape shape, JsonNode record, PolicyInput.Subject who,
			@Nullable String purpose) {
		return policy.decide(input(shape, record, who, purpose));
	}

	private static PolicyInput input(Shape shape, JsonNode record, PolicyInput.Subject who, @Nullable String purpose) {
		PolicyInput.Customer customer = CustomerAttributes.ofCanonical(List.of(shape.mapping().toCanonical(record)));
		return new PolicyInput(who, purpose, customer);
	}

	/** The decision for the customer whose record the include belongs to. */
	private Mono<Decision> parentDecision(PolicyDecisionPoint policy, Shape shape, String id, PolicyInput.Subject who,
			@Nullable String purpose) {
		// The record alone: its attributes decide; its includes are what the caller asked
		// for.
		return shape.connector().lookup("id", id, "id", false).flatMap((result) -> {
			if (result.failed()) {
				return Mono.error(GatewayProblem.of(ProblemType.SOURCES_UNAVAILABLE,
						"The record this answer belongs to cannot be checked against the policy now."));
			}
			if (result.records().isEmpty()) {
				return Mono.error(GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND,
						"The record this answer belongs to does not exist."));
			}
			return policy.decide(new PolicyInput(who, purpose, CustomerAttributes.of(result.records())))
				.map((decision) -> {
					if (!decision.allow()) {
						throw PolicyRefusals.problem(decision);
					}
					return decision;
				});
		});
	}

	private ObjectNode enforceAs(Shape shape, ObjectNode document, Decision decision, Tally tally) {
		Map<String, String> view = shape.paths().of(decision.sources().getOrDefault(shape.source(), Map.of()));
		FieldEnforcer.Enforced enforced = this.enforcer.enforce(document, view, shape.paths()::canonicalName);
		tally.masked.addAll(enforced.masked());
		tally.withheld.addAll(enforced.withheld());
		return enforced.record();
	}

	private static final class Tally {

		final Set<String> masked = new LinkedHashSet<>();

		final Set<String> withheld = new LinkedHashSet<>();

		final Set<String> records = new LinkedHashSet<>();

		int recordsWithheld;

		@Nullable PolicyInput input;

		Enforced result(JsonNode body) {
			return new Enforced(body, List.copyOf(this.records), List.copyOf(this.masked), List.copyOf(this.withheld),
					this.recordsWithheld, this.input);
		}

	}

}
