package io.customerdata.gateway.federation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the gateway knows of the shape of one source's own answers, from its
 * configuration: where records are and how they are identified, the customer a record
 * describes, which paths carry which canonical fields, and which paths are a record's
 * includes. The pass-through route enforces the policy on a department's answers with it.
 */
public final class SourceShape {

	private final String source;

	private final CanonicalMapping mapping;

	private final FieldExpression.@Nullable Path recordId;

	private final Set<String> recordRoots;

	private final List<PathPattern> includes;

	private final @Nullable SourceConnector connector;

	private final CustomerAttributes attributes;

	SourceShape(String source, FederationProperties.Source definition, @Nullable SourceConnector connector,
			CustomerAttributes attributes) {
		this.attributes = attributes;
		this.source = source;
		this.mapping = CanonicalMapping.of(definition.mapping());
		this.recordId = (definition.recordId() != null) ? new FieldExpression.Path(definition.recordId()) : null;
		this.recordRoots = definition.lookups()
			.values()
			.stream()
			.map(FederationProperties.Lookup::records)
			.filter(Objects::nonNull)
			.collect(Collectors.toUnmodifiableSet());
		this.includes = definition.includes()
			.values()
			.stream()
			.map((include) -> PathPatternParser.defaultInstance.parse(include.path().split("\\?")[0]))
			.toList();
		this.connector = connector;
	}

	public String source() {
		return this.source;
	}

	/** Whether a node is one of the source's records: an object with its id. */
	public boolean isRecord(JsonNode node) {
		return this.recordId != null && node.isObject() && this.recordId.read(node).isValueNode();
	}

	/** A record's reference, {@code source:id}. */
	public String referenceOf(JsonNode record) {
		return this.source + ":" + Objects.requireNonNull(this.recordId).read(record).asString();
	}

	/**
	 * The keys under which the source's answers hold records ({@code content},
	 * {@code user}).
	 */
	public Set<String> recordRoots() {
		return this.recordRoots;
	}

	/**
	 * The customer a record describes, as the policy sees them from the record alone (and
	 * the policy's defaults): what it cannot establish is most restrictive.
	 */
	public PolicyInput.Customer customerOf(JsonNode record) {
		return this.attributes.ofRecord(this.source, this.mapping.toCanonical(record),
				isRecord(record) ? referenceOf(record) : null);
	}

	/**
	 * Every source path whose value a canonical field passes on, with those fields:
	 * {@code deals[].amount} → {@code sales.deals[].amount}.
	 */
	public Map<String, List<String>> canonicalFieldsBySourcePath() {
		return this.mapping.canonicalFieldsBySourcePath();
	}

	/**
	 * The id of the record a path is an include of ({@code /requesters/{id}/tickets}).
	 */
	public Optional<String> parentId(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return this.includes.stream()
			.map((pattern) -> pattern.matchAndExtract(container))
			.filter(Objects::nonNull)
			.map((match) -> match.getUriVariables().get("id"))
			.findFirst();
	}

	/** Whether the source can be asked for a record by id, to decide on its includes. */
	public boolean looksUpRecords() {
		return this.connector != null && this.connector.supports("id");
	}

	/**
	 * The customer of the record with this id, read from the source itself (the record
	 * alone, without its includes).
	 */
	public Mono<PolicyInput.Customer> customerOfRecord(String id) {
		return Objects.requireNonNull(this.connector).lookup("id", id, "id", false).flatMap((result) -> {
			if (result.failed()) {
				return Mono.error(GatewayProblem.of(ProblemType.SOURCES_UNAVAILABLE,
						"The record this answer belongs to cannot be checked against the policy now."));
			}
			if (result.records().isEmpty()) {
				return Mono.error(GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND,
						"The record this answer belongs to does not exist."));
			}
			return Mono.just(this.attributes.ofCustomer(result.records()));
		});
	}

}
