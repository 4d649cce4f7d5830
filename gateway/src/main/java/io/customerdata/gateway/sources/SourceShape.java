package io.customerdata.gateway.sources;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

	/** The customer attributes a decision rests on (see {@link CustomerAttributes}). */
	private static final List<String> DECISION_ATTRIBUTES = List.of("customer.region", "customer.sensitivity",
			"customer.consent");

	private final String source;

	private final CanonicalMapping mapping;

	private final FieldExpression.@Nullable Path recordId;

	private final Set<String> recordRoots;

	private final List<IncludePath> includes;

	private final @Nullable SourceConnector connector;

	private final CustomerAttributes attributes;

	/** The paths at which an object carries customer data: the id and mapped paths. */
	private final List<FieldExpression.Path> customerDataPaths;

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
			.map((include) -> new IncludePath(PathPatternParser.defaultInstance.parse(include.path().split("\\?")[0]),
					include.records()))
			.toList();
		this.connector = connector;
		this.customerDataPaths = Stream
			.concat(Stream.ofNullable(this.recordId),
					this.mapping.canonicalFieldsBySourcePath().keySet().stream().map(FieldExpression.Path::new))
			.toList();
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
	 * The source paths a decision about one of its records reads: the record id, then
	 * each path the mapping reads the customer's region, sensitivity or consents from. An
	 * answer that lacks them cannot be decided as the whole record would be.
	 */
	public List<String> decisionPaths() {
		Set<String> paths = new LinkedHashSet<>();
		if (this.recordId != null) {
			paths.add(this.recordId.path());
		}
		DECISION_ATTRIBUTES.forEach((field) -> paths.addAll(this.mapping.readPathsOf(field)));
		return List.copyOf(paths);
	}

	/**
	 * The document without the records nested in it where the mapping reads nothing: an
	 * object carrying the source's record id, or a path the mapping reads, under another
	 * path ({@code parent}, {@code related[]}, a Salesforce {@code Parent} selected
	 * without its {@code Id}) is another customer's record, which nobody decided for.
	 * Records under mapped paths (a Salesforce account's opportunities) are the record's
	 * own data.
	 * @return the same document if it holds none, a copy without them otherwise
	 */
	public ObjectNode withoutNestedRecords(ObjectNode document) {
		if (this.recordId == null) {
			return document;
		}
		ObjectNode copy = document.deepCopy();
		return prune(copy, "") ? copy : document;
	}

	private boolean prune(JsonNode node, String path) {
		boolean pruned = false;
		if (node instanceof ObjectNode object) {
			for (String name : List.copyOf(object.propertyNames())) {
				String child = path.isEmpty() ? name : path + "." + name;
				if (nestedRecord(object.get(name), child)) {
					object.remove(name);
					pruned = true;
				}
				else {
					pruned |= prune(object.get(name), child);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = array.size() - 1; i >= 0; i--) {
				if (nestedRecord(array.get(i), path + "[]")) {
					array.remove(i);
					pruned = true;
				}
				else {
					pruned |= prune(array.get(i), path + "[]");
				}
			}
		}
		return pruned;
	}

	private boolean nestedRecord(JsonNode node, String path) {
		return node.isObject() && holdsCustomerData(node)
				&& this.mapping.canonicalFieldsBySourcePath()
					.keySet()
					.stream()
					.noneMatch((mapped) -> mapped.equals(path) || mapped.startsWith(path + ".")
							|| mapped.startsWith(path + "[]") || path.startsWith(mapped + ".")
							|| path.startsWith(mapped + "[]"));
	}

	/**
	 * Whether a node holds, at any depth, an object with the record id or a path the
	 * mapping reads a field from: customer data, whether or not it says whose.
	 */
	public boolean holdsCustomerData(JsonNode node) {
		if (node.isObject() && this.customerDataPaths.stream().anyMatch((path) -> present(path.read(node)))) {
			return true;
		}
		for (JsonNode child : node) {
			if (holdsCustomerData(child)) {
				return true;
			}
		}
		return false;
	}

	private static boolean present(JsonNode value) {
		return !value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty());
	}

	/**
	 * The include a path is ({@code /requesters/{id}/tickets}), if any.
	 */
	public Optional<Include> includeOf(String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (IncludePath include : this.includes) {
			PathPattern.PathMatchInfo match = include.path().matchAndExtract(container);
			String id = (match != null) ? match.getUriVariables().get("id") : null;
			if (id != null) {
				return Optional.of(new Include(id, include.records()));
			}
		}
		return Optional.empty();
	}

	/** Whether the source can be asked for a record by id, to decide on its includes. */
	public boolean looksUpRecords() {
		return this.connector != null && this.connector.supports("id");
	}

	/**
	 * The record with this id, read from the source itself (the record alone, without its
	 * includes): the customer it describes, and how the source identifies it.
	 */
	public Mono<RecordRead> lookUpRecord(String id) {
		return Objects.requireNonNull(this.connector).lookup("id", id, "id", false).flatMap((result) -> {
			if (result.failed()) {
				return Mono.error(GatewayProblem.of(ProblemType.SOURCES_UNAVAILABLE,
						"The record this answer belongs to cannot be checked against the policy now."));
			}
			if (result.records().isEmpty()) {
				return Mono.error(GatewayProblem.of(ProblemType.CUSTOMER_NOT_FOUND,
						"The record this answer belongs to does not exist."));
			}
			return Mono.just(new RecordRead(result.records().stream().map(SourceRecord::reference).distinct().toList(),
					this.attributes.ofCustomer(result.records())));
		});
	}

	/**
	 * A sub-resource of a record, as a path names it.
	 *
	 * @param parentId the id of the record it belongs to, as the path spells it
	 * @param records where its answer holds its records ({@code tickets}); {@code null}
	 * where the answer is the records
	 */
	public record Include(String parentId, @Nullable String records) {
	}

	/**
	 * A record as the source answered a lookup by its id.
	 *
	 * @param references the record as {@code source:id}, the id as the source gives it,
	 * whatever spelling it was asked for by
	 * @param customer the customer it describes
	 */
	public record RecordRead(List<String> references, PolicyInput.Customer customer) {
	}

	/** An include's path, and where its answer holds its records. */
	private record IncludePath(PathPattern path, @Nullable String records) {
	}

}
