package io.customerdata.gateway.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customerdata.gateway.policy.Decision.Reason;
import io.customerdata.gateway.policy.PolicyDocument.Grant;
import org.jspecify.annotations.Nullable;

/**
 * A validated policy document compiled once into lookup structures: for every role,
 * purpose and consent state, the view of every field of every source is computed at load,
 * so a decision is a few map lookups and, for several roles, a merge.
 *
 * <p>
 * Rules (policies/README.md): a role sees its own department's fields up to its
 * clearance; other sources only through a grant matching role, source, purpose and level
 * (never above the role's clearance), with {@code allow} beating {@code mask}; a
 * consent-bound grant needs the customer's consent to the purpose. Row level: a
 * restricted customer needs the top level; a region-scoped role sees only its own region.
 * Several roles see the union, field by field. Anything undecidable is a deny.
 */
public final class CompiledPolicy {

	private final String version;

	private final int topLevel;

	private final List<String> levels;

	private final Set<String> purposes;

	/** The masking table, the one place both field views and range bounds come from. */
	private final MaskingTable masks;

	/**
	 * Sorted by name, so default purpose and refusal reason do not depend on token order.
	 */
	private final TreeMap<String, CompiledRole> roles = new TreeMap<>();

	/** The role-wide grants, as the document lists them. */
	private final List<Grant> grants;

	private final Map<String, String> sourceDepartments = new HashMap<>();

	/** source → where its records take their customer attributes from. */
	private final Map<String, PolicyDocument.Source> sources;

	/** level name → rank. */
	private final Map<String, Integer> ranks = new HashMap<>();

	/** source → field (and {@code *}) → level rank, for personal grants. */
	private final Map<String, Map<String, Integer>> fieldLevels = new HashMap<>();

	private final RoleViews views;

	private CompiledPolicy(PolicyDocument document) {
		this.version = document.version();
		Map<String, Integer> rank = new HashMap<>();
		for (int i = 0; i < document.levels().size(); i++) {
			rank.put(document.levels().get(i), i);
		}
		this.topLevel = document.levels().size() - 1;
		this.levels = List.copyOf(document.levels());
		this.ranks.putAll(rank);
		this.grants = List.copyOf(document.grants());
		document.sources().forEach((name, source) -> this.sourceDepartments.put(name, source.department()));
		this.sources = Map.copyOf(document.sources());
		this.purposes = Set.copyOf(document.purposes().keySet());
		document.roles()
			.forEach((name, role) -> this.roles.put(name, new CompiledRole(name, role.department(),
					rank.get(role.clearance()), role.defaultPurpose(), role.regionScoped())));
		this.masks = new MaskingTable(document);
		document.sources().forEach((name, source) -> {
			Map<String, Integer> levels = new HashMap<>();
			source.fields().forEach((field, level) -> levels.put(field, rank.get(level)));
			levels.put(Decision.UNCLASSIFIED, rank.get(source.defaultLevel()));
			this.fieldLevels.put(name, Map.copyOf(levels));
		});
		this.views = new RoleViews(document, rank, this.masks, this.roles.values(), this.purposes);
	}

	/** Compiles a document that {@link PolicyDocumentValidator} accepted. */
	public static CompiledPolicy compile(PolicyDocument document) {
		return new CompiledPolicy(document);
	}

	public String version() {
		return this.version;
	}

	public boolean knowsPurpose(String purpose) {
		return this.purposes.contains(purpose);
	}

	/** The fields a source classifies; empty for a source the policy does not know. */
	public Set<String> fieldsOf(String source) {
		Map<String, Integer> levels = this.fieldLevels.get(source);
		if (levels == null) {
			return Set.of();
		}
		Set<String> fields = new java.util.TreeSet<>(levels.keySet());
		fields.remove(Decision.UNCLASSIFIED);
		return fields;
	}

	/**
	 * Where a source's records take a customer attribute ({@code region},
	 * {@code sensitivity}) from; the record alone for a source the policy does not know.
	 */
	public PolicyDocument.AttributeSource attributeSource(String source, String attribute) {
		PolicyDocument.Source known = this.sources.get(source);
		return (known != null) ? known.attributeSource(attribute) : PolicyDocument.AttributeSource.RECORD_ONLY;
	}

	public boolean knowsSource(String source) {
		return this.fieldLevels.containsKey(source);
	}

	/** The highest clearance among the roles the policy knows; empty if it knows none. */
	public java.util.Optional<String> clearanceOf(java.util.Collection<String> roleNames) {
		return roleNames.stream()
			.map(this.roles::get)
			.filter(java.util.Objects::nonNull)
			.map(CompiledRole::clearance)
			.max(Integer::compare)
			.map(this.levels::get);
	}

	/**
	 * The department a role works in; {@code null} for a role the policy does not know.
	 */
	public @Nullable String departmentOf(String role) {
		CompiledRole known = this.roles.get(role);
		return (known != null) ? known.department() : null;
	}

	/** Whether a role the policy knows works in it, or it is in charge of a source. */
	public boolean knowsDepartment(String department) {
		return this.sourceDepartments.containsValue(department)
				|| this.roles.values().stream().anyMatch((role) -> department.equals(role.department()));
	}

	/** The department in charge of a source; {@code null} for an unknown source. */
	public @Nullable String departmentOfSource(String source) {
		return this.sourceDepartments.get(source);
	}

	public List<Grant> grants() {
		return this.grants;
	}

	/**
	 * The fields a role-wide grant can open: those it lists (all its source classifies
	 * otherwise) at or below its level and the clearance of at least one of its roles.
	 */
	public List<String> fieldsOpenedBy(Grant grant) {
		Map<String, Integer> levels = this.fieldLevels.getOrDefault(grant.source(), Map.of());
		int ceiling = Math.min(this.ranks.getOrDefault(grant.maxLevel(), -1),
				grant.roles()
					.stream()
					.map(this.roles::get)
					.filter(java.util.Objects::nonNull)
					.mapToInt(CompiledRole::clearance)
					.max()
					.orElse(-1));
		return fieldsOf(grant.source()).stream()
			.filter((field) -> grant.fields() == null || grant.fields().contains(field))
			.filter((field) -> levels.get(field) <= ceiling)
			.toList();
	}

	/** The roles the policy knows, of these. */
	public List<String> knownRoles(java.util.Collection<String> roleNames) {
		return roleNames.stream().filter(this.roles::containsKey).sorted().toList();
	}

	/**
	 * The bounds the range method buckets this field's values by; empty if it has none.
	 */
	public List<Double> rangeBounds(String field) {
		List<Double> bounds = this.masks.ruleFor(field).bounds();
		return (bounds != null) ? bounds : List.of();
	}

	/** The decision without personal grants. */
	public Decision decide(PolicyInput input) {
		return decide(input, List.of());
	}

	/**
	 * The decision as OPA makes it from the same input and grants: only grants in force
	 * at the input's {@code now} apply, and none without it.
	 */
	public Decision decide(PolicyInput input, PersonalGrants grants) {
		Instant now = input.now();
		return decide(input, (now != null) ? grants.inForce(input, () -> now) : List.of());
	}

	/**
	 * The decision, widened by the personal grants in force for the input's subject and
	 * customer ({@link PersonalGrants#inForce}): of those, the ones for the purpose
	 * decided allow their fields, up to the highest clearance among the subject's roles
	 * that the row-level rules admit. They never admit a customer the roles do not.
	 */
	public Decision decide(PolicyInput input, List<PersonalGrant> inForce) {
		if (input.subject() == null || input.customer() == null || input.subject().roles() == null) {
			return Decision.deny(Reason.INVALID_INPUT, this.version, null);
		}
		List<CompiledRole> known = input.subject()
			.roles()
			.stream()
			.map(this.roles::get)
			.filter(java.util.Objects::nonNull)
			.sorted(Comparator.comparing(CompiledRole::name))
			.toList();
		if (known.isEmpty()) {
			return Decision.deny(Reason.UNKNOWN_ROLE, this.version, input.purpose());
		}
		String purpose = (input.purpose() != null) ? input.purpose()
				: known.stream()
					.map(CompiledRole::defaultPurpose)
					.filter(java.util.Objects::nonNull)
					.findFirst()
					.orElse(null);
		if (purpose == null) {
			return Decision.deny(Reason.PURPOSE_REQUIRED, this.version, null);
		}
		if (!this.purposes.contains(purpose)) {
			return Decision.deny(Reason.UNKNOWN_PURPOSE, this.version, purpose);
		}
		PolicyInput.Customer customer = input.customer();
		boolean consent = customer.consents() != null && Boolean.TRUE.equals(customer.consents().get(purpose));
		Reason refusal = null;
		Map<String, Map<String, String>> seen = null;
		int clearance = -1;
		for (CompiledRole role : known) {
			Reason rowRefusal = rowRefusal(role, input.subject(), customer);
			if (rowRefusal != null) {
				refusal = (refusal != null) ? refusal : rowRefusal;
				continue;
			}
			Map<String, Map<String, String>> view = this.views.of(role.name(), purpose, consent);
			seen = (seen == null) ? view : FieldViews.union(seen, view);
			clearance = Math.max(clearance, role.clearance());
		}
		if (seen == null) {
			return Decision.deny(refusal, this.version, purpose);
		}
		seen = widened(seen, inForce, purpose, clearance);
		if (!FieldViews.disclosesAnything(seen)) {
			return Decision.deny(Reason.NO_GRANT, this.version, purpose);
		}
		return new Decision(true, Reason.GRANTED, this.version, purpose, seen);
	}

	private Map<String, Map<String, String>> widened(Map<String, Map<String, String>> seen, List<PersonalGrant> inForce,
			String purpose, int clearance) {
		Map<String, Map<String, String>> widened = seen;
		for (PersonalGrant grant : inForce) {
			Map<String, Integer> levels = this.fieldLevels.get(grant.source());
			if (!grant.purpose().equals(purpose) || levels == null) {
				continue;
			}
			Map<String, String> fields = new HashMap<>(widened.get(grant.source()));
			levels.forEach((field, level) -> {
				if (grant.covers(field) && level <= clearance) {
					fields.put(field, Decision.ALLOW);
				}
			});
			widened = new HashMap<>(widened);
			widened.put(grant.source(), Map.copyOf(fields));
		}
		return (widened == seen) ? seen : Map.copyOf(widened);
	}

	private @Nullable Reason rowRefusal(CompiledRole role, PolicyInput.Subject subject, PolicyInput.Customer customer) {
		if (customer.restricted() && role.clearance() < this.topLevel) {
			return Reason.RESTRICTED_CUSTOMER;
		}
		if (role.regionScoped() && (subject.region() == null || !subject.region().equals(customer.region()))) {
			return Reason.OUT_OF_REGION;
		}
		return null;
	}

}
