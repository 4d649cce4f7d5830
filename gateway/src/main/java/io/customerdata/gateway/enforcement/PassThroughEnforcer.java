package io.customerdata.gateway.enforcement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyProperties;
import io.customerdata.gateway.policy.PolicyRefusals;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.AuditBounds;
import io.customerdata.gateway.sources.SourceShape;
import io.customerdata.gateway.sources.SourceShapes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The policy on a department's own JSON answers, as they come back through
 * {@code /api/v1/departments/{source}/**}: the same decisions and field views as the
 * unified view, applied in the source's own shape through its mapping.
 *
 * <ul>
 * <li>A record (the answer, or each element of one of its record arrays, as the source's
 * lookups name them) is decided for its own customer: region, restricted flag and
 * consents as the record says. A refused single record is a problem; refused records in a
 * list are left out, uncounted.</li>
 * <li>What stands where a record would but lacks the record id (an element of a record
 * array, an object under a record key) is refused the same way: nobody can tell whose it
 * is, so no decision can be made for it, least of all the best case.</li>
 * <li>An include (a requester's tickets) is decided for the record it belongs to, which
 * is looked up by the id in the path and recorded as the source identifies it; only the
 * include's own records are kept of the answer.</li>
 * <li>An answer that holds no customer data at all (neither the record id nor a path the
 * mapping reads, at any depth) names no customer, so only field views apply: those of the
 * best-case decision, under which fields the mapping does not know take the source's
 * {@code *} view. One that holds customer data it does not attribute is refused.</li>
 * </ul>
 */
@Component
final class PassThroughEnforcer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** The reason an answer holding customer data without a record id is refused. */
	static final String UNIDENTIFIED = "unidentified-record";

	private final SourceShapes shapes;

	private final boolean hideExistence;

	/** Each source's path view, made once. */
	private final Map<String, SourcePathView> views;

	private final FieldEnforcer enforcer;

	/**
	 * What may leave of an answer.
	 *
	 * @param records the customer records it concerns, as {@code source:id}
	 * @param masked distinct paths masked
	 * @param withheld distinct paths withheld
	 * @param input for an answer about one customer, the input of the decision enforced
	 * on it (for the audit trail); none for lists, whose records are decided one by one
	 */
	public record Enforced(JsonNode body, List<String> records, List<String> masked, List<String> withheld,
			@Nullable PolicyInput input) {
	}

	@Autowired
	PassThroughEnforcer(SourceShapes shapes, FieldEnforcer enforcer, PolicyProperties policy) {
		this(shapes, enforcer, policy.hideExistence());
	}

	PassThroughEnforcer(SourceShapes shapes, FieldEnforcer enforcer, boolean hideExistence) {
		this.hideExistence = hideExistence;
		this.enforcer = enforcer;
		this.shapes = shapes;
		this.views = new ConcurrentHashMap<>();
	}

	/**
	 * Refuses, before the call, an include whose record id (from the path, as the caller
	 * spells it) is longer than the audit trail holds: the record it names is looked up
	 * and recorded, so it must be one the trail can name.
	 * @param path the path the source is to be asked for, without the gateway's prefix
	 * @throws GatewayProblem {@code value-too-long}
	 */
	void checkRecordId(String source, String path) {
		this.shapes.get(source)
			.flatMap((shape) -> shape.includeOf(path))
			.filter((include) -> include.parentId().length() > AuditBounds.REFERENCE)
			.ifPresent((include) -> {
				throw GatewayProblem.tooLong("A record id", AuditBounds.REFERENCE);
			});
	}

	/**
	 * @param path the path the source was asked for, without the gateway's prefix
	 * @param policy the decision point, pinned for this request
	 * @param bestCase the caller's decision for the best case, which already allowed the
	 * call
	 */
	public Mono<Enforced> enforce(String source, String path, PolicyDecisionPoint policy, PolicyInput.Subject who,
			Decision bestCase, JsonNode body) {
		SourceShape shape = this.shapes.get(source).orElse(null);
		if (shape == null) {
			return Mono.error(GatewayProblem.of(ProblemType.POLICY_DENIED, "Unknown source."));
		}
		EnforcementTally tally = new EnforcementTally();
		Optional<SourceShape.Include> include = shape.includeOf(path);
		if (include.isPresent() && shape.looksUpRecords() && body.isObject()) {
			return include(policy, shape, include.get(), who, bestCase.purpose(), (ObjectNode) body, tally)
				.map(tally::result);
		}
		if (shape.isRecord(body)) {
			return single(policy, shape, (ObjectNode) body, who, bestCase, tally).map(tally::result);
		}
		Optional<String> wrapper = shape.recordRoots()
			.stream()
			.filter((name) -> body.path(name).isObject())
			.findFirst();
		if (wrapper.isPresent()) {
			// One record in a wrapper ({"user": {...}}): decided as the record it is.
			JsonNode held = body.get(wrapper.get());
			ObjectNode rest = ((ObjectNode) body).deepCopy();
			rest.remove(wrapper.get());
			if (!shape.isRecord(held) || shape.holdsCustomerData(rest)) {
				return Mono.error(unidentified());
			}
			ObjectNode out = enforceAs(shape, rest, bestCase, tally);
			return single(policy, shape, (ObjectNode) held, who, bestCase, tally)
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

	/**
	 * Customer data without the record id that says whose it is: deciding it at the best
	 * case would show any customer's; so nothing of it is shown, and with
	 * {@code hide-existence} the refusal is the one an unknown record gets.
	 */
	private GatewayProblem unidentified() {
		return unidentified("The answer holds customer data without the record id that says whose it is.");
	}

	/**
	 * An answer that is not JSON, from a source whose records have ids: it may hold any
	 * customer's records, and nothing in it can be read to tell whose, so it is refused
	 * as unidentified customer data is.
	 */
	GatewayProblem unreadable() {
		return unidentified("The answer is not JSON, so whose records it holds cannot be told.");
	}

	private GatewayProblem unidentified(String detail) {
		GatewayProblem unknown = UpstreamErrorGlobalFilter.notFound();
		return this.hideExistence ? GatewayProblem.refusal(unknown.type(), unknown.detail(), UNIDENTIFIED)
				: GatewayProblem.refusal(ProblemType.POLICY_DENIED, detail, UNIDENTIFIED);
	}

	/** One record, decided for its own customer; refused, it is a problem. */
	private Mono<JsonNode> single(PolicyDecisionPoint policy, SourceShape shape, ObjectNode record,
			PolicyInput.Subject who, Decision bestCase, EnforcementTally tally) {
		PolicyInput input = input(shape, record, who, bestCase.purpose());
		return policy.decide(input).map((decision) -> {
			if (!decision.allow()) {
				throw PolicyRefusals.problem(decision, this.hideExistence, UpstreamErrorGlobalFilter.notFound());
			}
			tally.records.add(shape.referenceOf(record));
			tally.input = input;
			return enforceAs(shape, record, decision, tally);
		});
	}

	/**
	 * A wrapper: its record arrays record by record. Its other fields (totals, counts,
	 * next-page links) count or point at records the caller may not see, so a wrapper of
	 * records keeps its records alone. An object without records names no customer if it
	 * holds no customer data at all (the source's record id or a path its mapping reads,
	 * at any depth): it is enforced as fields; otherwise it is refused as unidentified.
	 */
	private Mono<JsonNode> list(PolicyDecisionPoint policy, SourceShape shape, ObjectNode body, PolicyInput.Subject who,
			Decision bestCase, EnforcementTally tally) {
		Map<String, JsonNode> arrays = new LinkedHashMap<>();
		shape.recordRoots().forEach((name) -> {
			if (body.path(name).isArray()) {
				arrays.put(name, body.get(name));
			}
		});
		if (arrays.isEmpty() && shape.holdsCustomerData(body)) {
			return Mono.error(unidentified());
		}
		ObjectNode out = arrays.isEmpty() ? enforceAs(shape, body, bestCase, tally) : NODES.objectNode();
		return Flux.fromIterable(arrays.entrySet())
			.concatMap((array) -> records(policy, shape, array.getValue(), who, bestCase, tally)
				.doOnNext((kept) -> out.set(array.getKey(), kept)))
			.then(Mono.just(out));
	}

	/**
	 * Each record decided for its own customer; refused ones are left out, and so is
	 * every element that is no record (not an object, or without its id): in a record
	 * array it stands where a record would, so it is not known whose it is.
	 */
	private Mono<JsonNode> records(PolicyDecisionPoint policy, SourceShape shape, JsonNode array,
			PolicyInput.Subject who, Decision bestCase, EnforcementTally tally) {
		return Flux.fromIterable(array::iterator).concatMap((element) -> {
			if (!shape.isRecord(element)) {
				return Mono.just(Optional.<JsonNode>empty());
			}
			return policy.decide(input(shape, element, who, bestCase.purpose())).map((decision) -> {
				if (!decision.allow()) {
					return Optional.<JsonNode>empty();
				}
				tally.records.add(shape.referenceOf(element));
				return Optional.<JsonNode>of(enforceAs(shape, (ObjectNode) element, decision, tally));
			});
		})
			.filter(Optional::isPresent)
			.map(Optional::get)
			.collect(NODES::arrayNode, ArrayNode::add)
			.cast(JsonNode.class);
	}

	private static PolicyInput input(SourceShape shape, JsonNode record, PolicyInput.Subject who,
			@Nullable String purpose) {
		return new PolicyInput(who, purpose, shape.customerOf(record));
	}

	/**
	 * An include, decided for the customer of the record it belongs to: that record is
	 * looked up by the id in the path, and recorded as the source identifies it. Of the
	 * answer only the include's own records are kept: whatever else it carries (the users
	 * a help desk sideloads, counts, next-page links) is about other customers or counts
	 * records nobody decided on. An answer without them that holds customer data is
	 * refused as unidentified.
	 */
	private Mono<ObjectNode> include(PolicyDecisionPoint policy, SourceShape shape, SourceShape.Include include,
			PolicyInput.Subject who, @Nullable String purpose, ObjectNode body, EnforcementTally tally) {
		ObjectNode own;
		if (include.records() == null) {
			own = body;
		}
		else if (body.has(include.records())) {
			own = NODES.objectNode().set(include.records(), body.get(include.records()));
		}
		else if (shape.holdsCustomerData(body)) {
			return Mono.error(unidentified());
		}
		else {
			own = body;
		}
		// The record alone: its attributes decide; its includes are what the caller asked
		// for.
		return shape.lookUpRecord(include.parentId()).flatMap((record) -> {
			PolicyInput input = new PolicyInput(who, purpose, record.customer());
			return policy.decide(input).map((decision) -> {
				if (!decision.allow()) {
					throw PolicyRefusals.problem(decision, this.hideExistence, UpstreamErrorGlobalFilter.notFound());
				}
				tally.records.addAll(record.references());
				tally.input = input;
				return enforceAs(shape, own, decision, tally);
			});
		});
	}

	private ObjectNode enforceAs(SourceShape shape, ObjectNode document, Decision decision, EnforcementTally tally) {
		SourcePathView paths = this.views.computeIfAbsent(shape.source(),
				(source) -> new SourcePathView(source, shape.canonicalFieldsBySourcePath()));
		Map<String, String> view = paths.of(decision.sources().getOrDefault(shape.source(), Map.of()));
		FieldEnforcer.Enforced enforced = this.enforcer.enforce(shape.withoutNestedRecords(document), view,
				paths::canonicalName);
		tally.masked.addAll(enforced.masked());
		tally.withheld.addAll(enforced.withheld());
		return enforced.record();
	}

}
