package io.customerdata.gateway.enforcement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.disclosure.Masker;
import io.customerdata.gateway.disclosure.PseudonymKey;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PersonalGrant;
import io.customerdata.gateway.policy.PersonalGrants;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceShape;
import io.customerdata.gateway.sources.SourceShapes;
import io.customerdata.gateway.testing.AnswerValues;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enforcement invariant of the pass-through route, as a property of department
 * answers generated from each source's own mapping: records with their id present, absent
 * or of the wrong type, their attributes present, absent, blank or of the wrong type,
 * records repeated, nested in a record, in a wrapper with counts and links, unknown
 * fields, nulls; random callers, purposes and personal grants. Every value is a unique
 * token, so where it appears says whose it was.
 *
 * <ul>
 * <li>no value of a path its record's decision does not allow (deny, or mask: never the
 * raw value) appears anywhere in the answer;</li>
 * <li>nothing of a record without its id, or of a customer the caller is not admitted to,
 * appears, nor anything of a wrapper's counts and links;</li>
 * <li>the answer, its masked and withheld path names and its record list are exactly
 * those of the same answer without the records the caller may not see.</li>
 * </ul>
 */
class PassThroughEnforcementProperties {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	static final CompiledPolicy POLICY = PassThroughEnforcerTests.shippedPolicy();

	static final FederationProperties SOURCES = PassThroughEnforcerTests.shippedSources();

	static final SourceShapes SHAPES = SourceShapes.of(SOURCES, new CustomerAttributes(() -> POLICY));

	static final FieldEnforcer FIELDS = new FieldEnforcer(
			new Masker(new PseudonymKey("a-test-key-of-sufficient-length")), POLICY::rangeBounds);

	static final String[] SOURCE_NAMES = { "crm", "marketing", "support" };

	/** Where a record holding another customer's record holds it. */
	static final String NESTED = "related[]";

	/** What stands in a record array, or is the answer. */
	enum Kind {

		RECORD, NO_ID, ID_OF_WRONG_TYPE, NULL, TEXT, RECORD_HOLDING_A_RECORD

	}

	record ElementSpec(Kind kind, @Nullable Object region, @Nullable Object sensitivity, boolean repeated) {
	}

	record Scenario(String source, boolean single, List<ElementSpec> elements, Set<String> roles,
			@Nullable String region, @Nullable String purpose, List<Integer> grantedRecords, boolean hideExistence) {
	}

	@Property(tries = 10_000)
	void nothingLeavesThatTheRecordsOwnDecisionDoesNotAllow(@ForAll("scenarios") Scenario scenario) {
		Kind first = scenario.elements().get(0).kind();
		if (scenario.single() && (first == Kind.NULL || first == Kind.TEXT)) {
			// A bare value names no customer and holds no mapped path: it passes as is.
			return;
		}
		Answer answer = Answer.of(scenario);
		PolicyInput.Subject who = new PolicyInput.Subject(scenario.roles(), null, scenario.region(), "subject-1");
		PolicyDecisionPoint pdp = pdp(scenario, answer);
		Decision best = pdp.decideBestCase(who, scenario.purpose()).block();
		if (!best.allow()) {
			return;
		}
		PassThroughEnforcer enforcer = new PassThroughEnforcer(SHAPES, FIELDS, scenario.hideExistence());
		PassThroughEnforcer.Enforced enforced;
		try {
			enforced = enforcer.enforce(scenario.source(), "/any", pdp, who, best, answer.body()).block();
		}
		catch (GatewayProblem refused) {
			Statistics.label("answer").collect("refused");
			assertThat(refused.status().value()).isIn(403, 404);
			return;
		}
		Statistics.label("answer").collect(enforced.records().isEmpty() ? "no record" : "records");
		Statistics.label("answer").coverage((coverage) -> coverage.check("records").percentage((p) -> p > 20));
		SourceShape shape = SHAPES.get(scenario.source()).orElseThrow();
		AnswerValues leaves = AnswerValues.of(enforced.body());
		for (Token token : answer.tokens()) {
			String view = view(pdp, who, best.purpose(), shape, answer, token);
			if (!view.equals(Decision.ALLOW)) {
				assertThat(leaves.contains(token.value()))
					.as("%s of element %d (%s) in %s", token.path(), token.element(), view, enforced.body())
					.isFalse();
			}
		}
		if (!scenario.single()) {
			JsonNode withoutRefused = answer
				.without((element) -> !view(pdp, who, best.purpose(), shape, answer, element).equals(Decision.DENY));
			PassThroughEnforcer.Enforced expected = enforcer
				.enforce(scenario.source(), "/any", pdp, who, best, withoutRefused)
				.block();
			assertThat(enforced.body()).as("the answer, as if the refused records were not there")
				.isEqualTo(expected.body());
			assertThat(enforced.masked()).isEqualTo(expected.masked());
			assertThat(enforced.withheld()).isEqualTo(expected.withheld());
			assertThat(enforced.records()).isEqualTo(expected.records());
		}
	}

	/**
	 * What the element a token belongs to may show at the token's path: deny for a
	 * wrapper's own fields and for what is no record of an admitted customer; otherwise
	 * the strictest view of the canonical fields the path (or a path around it) carries.
	 */
	private static String view(PolicyDecisionPoint pdp, PolicyInput.Subject who, @Nullable String purpose,
			SourceShape shape, Answer answer, Token token) {
		String element = view(pdp, who, purpose, shape, answer, token.element());
		if (!element.equals(Decision.ALLOW) || token.path().startsWith(NESTED)) {
			// Nor anything of the record of a customer nobody decided for, nested in it.
			return Decision.DENY;
		}
		Decision decision = pdp.decide(new PolicyInput(who, purpose, shape.customerOf(answer.element(token.element()))))
			.block();
		Map<String, String> views = decision.sources().getOrDefault(shape.source(), Map.of());
		String strictest = Decision.ALLOW;
		boolean mapped = false;
		Map<String, List<String>> fields = shape.canonicalFieldsBySourcePath();
		for (String path = token.path(); !path.isEmpty(); path = parent(path)) {
			for (String field : fields.getOrDefault(path, List.of())) {
				mapped = true;
				strictest = SourcePathView.stricter(strictest, classified(views, field));
			}
		}
		return mapped ? strictest : views.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY);
	}

	/** Whether an element may show anything at all: a record of an admitted customer. */
	private static String view(PolicyDecisionPoint pdp, PolicyInput.Subject who, @Nullable String purpose,
			SourceShape shape, Answer answer, int element) {
		if (element < 0) {
			return Decision.DENY;
		}
		JsonNode node = answer.element(element);
		if (!shape.isRecord(node)) {
			return Decision.DENY;
		}
		PolicyInput.Customer customer = shape.customerOf(node);
		// The rule with nothing to lean on: a record of another region, or of unknown
		// sensitivity where the source declares no default, is never shown.
		boolean officer = who.roles().contains("security-officer");
		if (customer.restricted() && !officer) {
			return Decision.DENY;
		}
		return pdp.decide(new PolicyInput(who, purpose, customer)).block().allow() ? Decision.ALLOW : Decision.DENY;
	}

	private static String classified(Map<String, String> views, String field) {
		for (String name = field; !name.isEmpty(); name = parent(name)) {
			String view = views.get(name);
			if (view != null) {
				return view;
			}
		}
		return views.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY);
	}

	/** {@code deals[].amount} → {@code deals[]} → {@code deals} → empty. */
	private static String parent(String path) {
		if (path.endsWith("[]")) {
			return path.substring(0, path.length() - 2);
		}
		int dot = path.lastIndexOf('.');
		return (dot < 0) ? "" : path.substring(0, dot);
	}

	private static PolicyDecisionPoint pdp(Scenario scenario, Answer answer) {
		List<PersonalGrant> grants = new ArrayList<>();
		for (int index : scenario.grantedRecords()) {
			String id = answer.idOf(index);
			if (id != null && scenario.purpose() != null) {
				grants.add(new PersonalGrant("g-" + index, "subject-1", scenario.source() + ":" + id, scenario.source(),
						null, scenario.purpose(), NOW.minusSeconds(60), NOW.plusSeconds(3600), null));
			}
		}
		return new EmbeddedPolicyDecisionPoint(POLICY, PersonalGrants.of(grants), 100,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	// ------------------------------------------------------------------ generators

	@Provide
	Arbitrary<Scenario> scenarios() {
		Arbitrary<Object> regions = Arbitraries.frequency(Tuple.of(35, "EMEA"), Tuple.of(20, "AMER"),
				Tuple.of(20, "APAC"), Tuple.of(4, " EMEA"), Tuple.of(4, ""), Tuple.of(4, 7), Tuple.of(13, NONE));
		Arbitrary<Object> sensitivities = Arbitraries.frequency(Tuple.of(75, "standard"), Tuple.of(8, "restricted"),
				Tuple.of(4, ""), Tuple.of(3, false), Tuple.of(10, NONE));
		Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(70, Kind.RECORD), Tuple.of(8, Kind.NO_ID),
				Tuple.of(6, Kind.ID_OF_WRONG_TYPE), Tuple.of(4, Kind.NULL), Tuple.of(4, Kind.TEXT),
				Tuple.of(8, Kind.RECORD_HOLDING_A_RECORD));
		Arbitrary<ElementSpec> elements = Combinators
			.combine(kinds, regions, sensitivities, Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)))
			.as((kind, region, sensitivity, repeated) -> new ElementSpec(kind, nullIfNone(region),
					nullIfNone(sensitivity), repeated));
		Arbitrary<Set<String>> roles = Arbitraries
			.of("sales-rep", "marketing-analyst", "support-agent", "security-officer", "intern")
			.set()
			.ofMinSize(1)
			.ofMaxSize(2);
		Arbitrary<String> purposes = Arbitraries
			.of("account-management", "sales-followup", "support-case", "campaign-planning", "customer-analytics")
			.injectNull(0.4);
		return Combinators
			.combine(Arbitraries.of(SOURCE_NAMES), Arbitraries.of(true, false),
					elements.list().ofMinSize(1).ofMaxSize(4), roles,
					Arbitraries.of("EMEA", "AMER", "APAC").injectNull(0.1), purposes,
					Arbitraries.integers().between(0, 3).list().ofMaxSize(2), Arbitraries.of(true, false))
			.as(Scenario::new);
	}

	/** Stands for an attribute the record does not carry at all. */
	private static final Object NONE = new Object();

	private static @Nullable Object nullIfNone(Object value) {
		return (value == NONE) ? null : value;
	}

	// ------------------------------------------------------------------ answers

	/**
	 * @param element the element it belongs to; -1 for the wrapper's own fields
	 * @param path its path in the element, in the source's own terms
	 * ({@code deals[].amount})
	 */
	record Token(int element, String path, Object value) {
	}

	/** A department's answer, its elements, and every value in it. */
	record Answer(JsonNode body, List<JsonNode> elements, List<Token> tokens, String rootKey) {

		static Answer of(Scenario scenario) {
			SourceShape shape = SHAPES.get(scenario.source()).orElseThrow();
			FederationProperties.Source definition = SOURCES.sources().get(scenario.source());
			String idPath = definition.recordId();
			List<JsonNode> elements = new ArrayList<>();
			List<Token> tokens = new ArrayList<>();
			for (int i = 0; i < scenario.elements().size(); i++) {
				elements.add(element(i, scenario.elements().get(i), shape, idPath, tokens));
			}
			String rootKey = shape.recordRoots().stream().sorted().findFirst().orElse("content");
			if (scenario.single()) {
				return new Answer(elements.get(0), List.of(elements.get(0)),
						tokens.stream().filter((t) -> t.element() == 0).toList(), rootKey);
			}
			ObjectNode wrapper = JSON.createObjectNode();
			ArrayNode array = wrapper.putArray(rootKey);
			for (int i = 0; i < elements.size(); i++) {
				array.add(elements.get(i));
				if (scenario.elements().get(i).repeated()) {
					array.add(elements.get(i).deepCopy());
				}
			}
			Values wrapperValues = new Values(-1, tokens);
			wrapper.putObject("page").put("totalElements", wrapperValues.number("page.totalElements"));
			wrapper.put("next", wrapperValues.text("next"));
			return new Answer(wrapper, elements, List.copyOf(tokens), rootKey);
		}

		private static JsonNode element(int index, ElementSpec spec, SourceShape shape, String idPath,
				List<Token> tokens) {
			Values values = new Values(index, tokens);
			switch (spec.kind()) {
				case NULL -> {
					return JSON.nullNode();
				}
				case TEXT -> {
					return JSON.getNodeFactory().stringNode(values.text(""));
				}
				default -> {
				}
			}
			ObjectNode record = JSON.createObjectNode();
			Set<String> attributePaths = new HashSet<>();
			shape.canonicalFieldsBySourcePath().forEach((path, fields) -> {
				if (fields.contains("customer.region")) {
					attributePaths.add(path);
					put(record, path, spec.region());
				}
				else if (fields.contains("customer.sensitivity")) {
					attributePaths.add(path);
					put(record, path, spec.sensitivity());
				}
			});
			shape.canonicalFieldsBySourcePath().forEach((path, fields) -> {
				if (!attributePaths.contains(path) && !path.equals(idPath) && !covered(attributePaths, path)) {
					boolean numeric = fields.stream().anyMatch((f) -> !POLICY.rangeBounds(f).isEmpty());
					put(record, path, numeric ? values.number(path) : values.text(path));
				}
			});
			record.put("unmapped", values.text("unmapped"));
			switch (spec.kind()) {
				case RECORD, RECORD_HOLDING_A_RECORD -> put(record, idPath, "ID" + index + "X");
				case ID_OF_WRONG_TYPE -> putNode(record, idPath, JSON.createObjectNode().put("value", "ID" + index));
				default -> {
				}
			}
			if (spec.kind() == Kind.RECORD_HOLDING_A_RECORD) {
				// Another customer's record, as an APAC restricted one, inside this one.
				ObjectNode inner = JSON.createObjectNode();
				put(inner, idPath, "INNER" + index + "X");
				inner.put("inner", values.text(NESTED + ".inner"));
				record.putArray(NESTED.substring(0, NESTED.length() - 2)).add(inner);
			}
			return record;
		}

		/** Whether a path lies under an attribute's path (its value was set whole). */
		private static boolean covered(Set<String> attributePaths, String path) {
			return attributePaths.stream().anyMatch((a) -> path.startsWith(a + ".") || path.startsWith(a + "[]"));
		}

		private static void put(ObjectNode record, String path, @Nullable Object value) {
			if (value == null) {
				return;
			}
			JsonNode node = (value instanceof String s) ? JSON.getNodeFactory().stringNode(s)
					: (value instanceof BigDecimal n) ? JSON.getNodeFactory().numberNode(n)
							: (value instanceof Integer n) ? JSON.getNodeFactory().numberNode(n)
									: JSON.getNodeFactory().booleanNode((Boolean) value);
			putNode(record, path, node);
		}

		/** Sets a value at a path like {@code deals[].amount}, one element per array. */
		private static void putNode(ObjectNode record, String path, JsonNode value) {
			String[] steps = path.split("\\.");
			JsonNode at = record;
			for (int i = 0; i < steps.length; i++) {
				boolean array = steps[i].endsWith("[]");
				String name = array ? steps[i].substring(0, steps[i].length() - 2) : steps[i];
				boolean last = i == steps.length - 1;
				ObjectNode parent = (ObjectNode) at;
				if (array) {
					ArrayNode list = parent.has(name) && parent.get(name).isArray() ? (ArrayNode) parent.get(name)
							: parent.putArray(name);
					if (last) {
						list.add(value);
						return;
					}
					at = (list.isEmpty() || !list.get(0).isObject()) ? list.addObject() : list.get(0);
				}
				else if (last) {
					if (!parent.has(name)) {
						parent.set(name, value);
					}
					return;
				}
				else {
					at = parent.has(name) && parent.get(name).isObject() ? parent.get(name) : parent.putObject(name);
				}
			}
		}

		JsonNode element(int index) {
			return this.elements.get(index);
		}

		@Nullable String idOf(int index) {
			if (index >= this.elements.size() || !this.elements.get(index).isObject()) {
				return null;
			}
			return "ID" + index + "X";
		}

		/** The same answer without the elements that fail the test. */
		JsonNode without(java.util.function.IntPredicate kept) {
			ObjectNode copy = (ObjectNode) this.body.deepCopy();
			ArrayNode array = (ArrayNode) copy.get(this.rootKey);
			ArrayNode filtered = JSON.createArrayNode();
			for (JsonNode element : array) {
				int index = this.elements.indexOf(element);
				if (kept.test(index)) {
					filtered.add(element);
				}
			}
			copy.set(this.rootKey, filtered);
			return copy;
		}

	}

	/** Unique values of one element, each remembered with its path. */
	private static final class Values {

		private final int element;

		private final List<Token> tokens;

		private int next;

		Values(int element, List<Token> tokens) {
			this.element = element;
			this.tokens = tokens;
		}

		String text(String path) {
			String value = "tok" + (this.element + 1) + "v" + (this.next++) + "z";
			this.tokens.add(new Token(this.element, path, value));
			return value;
		}

		BigDecimal number(String path) {
			BigDecimal value = new BigDecimal((this.element + 2) * 1_000_003L + (this.next++) + ".75");
			this.tokens.add(new Token(this.element, path, value));
			return value;
		}

	}

}
