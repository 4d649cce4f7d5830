package io.customerdata.gateway.federation;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.disclosure.Masker;
import io.customerdata.gateway.disclosure.PseudonymKey;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PersonalGrant;
import io.customerdata.gateway.policy.PersonalGrants;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.IdentityKeys;
import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.SourceResult;
import io.customerdata.gateway.testing.AnswerValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enforcement invariant of the unified view, as a property of generated customers:
 * linked records of every source with their attributes present, absent, blank, of the
 * wrong type or disagreeing, random callers, purposes and personal grants. Every value is
 * a unique token, so where it appears says which record and field it came from.
 *
 * <ul>
 * <li>no value of a field its record's decision denies, and no raw value of a masked one,
 * appears anywhere in the answer;</li>
 * <li>no value, id or count of a record the caller is not admitted to appears;</li>
 * <li>admission follows the rule with nothing to lean on: a record of another region is
 * refused to a region-scoped caller, and a customer with a restricted record or one of
 * unknown sensitivity to every caller below restricted clearance, whatever the
 * order;</li>
 * <li>a personal grant naming one record of an ambiguous customer widens no other.</li>
 * </ul>
 */
class MergeProperties {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	static final String[] SOURCES = { "crm", "marketing", "support" };

	static final String SHARED_EMAIL = "pat@shared.example";

	static final CompiledPolicy POLICY = new PolicyReader().read(new FileSystemResource(
			Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));

	static final CustomerAttributes ATTRIBUTES = new CustomerAttributes(() -> POLICY);

	static final Disclosure DISCLOSURE = new Disclosure(
			new FieldEnforcer(new Masker(new PseudonymKey("a-test-key-of-sufficient-length")), POLICY::rangeBounds),
			new SimpleMeterRegistry());

	/**
	 * A linked record as generated: where it comes from and what it says of the customer.
	 */
	/**
	 * @param found whether the caller's reference found it (the first record always is),
	 * or it was linked through another record's keys
	 * @param shared whether it holds the e-mail the customer's records share
	 */
	record RecordSpec(String source, @Nullable Object region, @Nullable Object sensitivity, @Nullable Boolean consent,
			int lists, boolean found, boolean shared) {
	}

	record Caller(Set<String> roles, @Nullable String region) {
	}

	record GrantSpec(String source, @Nullable List<String> fields, int customer, String purpose) {
	}

	record Scenario(Caller caller, @Nullable String purpose, List<RecordSpec> records, List<GrantSpec> grants,
			long seed) {
	}

	@Property(tries = 10_000)
	void noDeniedMaskedOrUnadmittedValueLeaves(@ForAll("scenarios") Scenario scenario) {
		Customer customer = Customer.of(scenario.records());
		PolicyInput.Subject who = who(scenario.caller());
		String purpose = purpose(scenario, who);
		Admission admission = Admission
			.decide(pdp(scenario, customer, false), who, purpose, customer.records(), ATTRIBUTES,
					MergeProperties::found)
			.block();
		Statistics.label("admitted")
			.collect(admission.nothingAdmitted() ? "none" : admission.refused().isEmpty() ? "all" : "some");
		Statistics.label("admitted").coverage((coverage) -> {
			coverage.check("some").percentage((p) -> p > 5);
			coverage.check("all").percentage((p) -> p > 10);
		});
		if (admission.nothingAdmitted()) {
			return;
		}
		for (boolean hide : new boolean[] { true, false }) {
			ObjectNode answer = new CustomerViewAnswer(hide, AccessHints.proposing(Duration.ofDays(7))).of(admission,
					"email:" + SHARED_EMAIL, customer.resolution(), DISCLOSURE.disclose(admission.admitted()));
			AnswerValues leaves = AnswerValues.of(answer);
			Map<String, Decision> decisions = new LinkedHashMap<>();
			admission.admitted().forEach((d) -> decisions.put(d.record().id(), d.decision()));
			for (Token token : customer.tokens()) {
				Decision decision = decisions.get(token.record());
				String view = (decision != null) ? view(decision, token) : Decision.DENY;
				if (!view.equals(Decision.ALLOW)) {
					assertThat(leaves.contains(token.value()))
						.as("%s of %s (%s) in %s", token.field(), token.record(), view, answer)
						.isFalse();
				}
			}
			for (Admission.Decided refused : admission.refused()) {
				assertThat(answer.toString()).as("the id of a refused record").doesNotContain(refused.record().id());
			}
			for (String source : SOURCES) {
				long admitted = admission.admittedRecords().stream().filter((r) -> r.source().equals(source)).count();
				JsonNode counted = answer.at("/_meta/sources/" + source + "/records");
				assertThat(counted.isMissingNode() ? 0 : counted.asLong()).as("records counted of %s", source)
					.isEqualTo(admitted);
				assertThat(answer.at("/_meta/sources/" + source + "/truncated").asBoolean(false))
					.as("truncation said only of a source the caller sees a record of: %s", source)
					.isEqualTo(admitted > 0);
			}
			assertThat(answer.at("/_meta/refused_records").size()).isEqualTo(hide ? 0 : admission.refused().size());
		}
	}

	@Property(tries = 10_000)
	void admissionNeverLeansOnAKinderRecord(@ForAll("scenarios") Scenario scenario) {
		Customer customer = Customer.of(scenario.records());
		PolicyInput.Subject who = who(scenario.caller());
		String purpose = purpose(scenario, who);
		PolicyDecisionPoint pdp = pdp(scenario, customer, false);
		Admission admission = Admission
			.decide(pdp, who, purpose, customer.records(), ATTRIBUTES, MergeProperties::found)
			.block();
		Set<String> admitted = ids(admission.admittedRecords());

		boolean officer = who.roles().contains("security-officer");
		boolean regionScopedOnly = !who.roles().isEmpty() && who.roles().stream().allMatch("support-agent"::equals);
		boolean restricted = scenario.records()
			.stream()
			.anyMatch((r) -> "restricted".equalsIgnoreCase(text(r.sensitivity()))
					|| (r.source().equals("crm") && text(r.sensitivity()) == null));
		if (restricted && !officer) {
			assertThat(admitted).as("a restricted customer, or one of unknown sensitivity").isEmpty();
		}
		for (int i = 0; i < scenario.records().size(); i++) {
			String own = text(scenario.records().get(i).region());
			if (regionScopedOnly && own != null && !own.equalsIgnoreCase(String.valueOf(who.region()))) {
				assertThat(admitted).as("a record of another region").doesNotContain(customer.records().get(i).id());
			}
			if (regionScopedOnly && own == null && scenario.records().get(i).source().equals("crm")) {
				assertThat(admitted).as("a CRM record of unknown region")
					.doesNotContain(customer.records().get(i).id());
			}
		}
		for (SourceRecord record : admission.admittedRecords()) {
			if (!found(record)) {
				assertThat(admission.admittedRecords())
					.as("%s, linked through a record the caller is admitted to", record.id())
					.anySatisfy((other) -> assertThat(other).isNotSameAs(record)
						.satisfies(
								(o) -> assertThat(IdentityKeys.of(o)).containsAnyElementsOf(IdentityKeys.of(record))));
			}
		}
		if (admission.admittedRecords().stream().noneMatch(MergeProperties::found)) {
			assertThat(admitted).as("nothing the reference found is admitted: nothing is").isEmpty();
		}
		List<SourceRecord> shuffled = new ArrayList<>(customer.records());
		Collections.shuffle(shuffled, new Random(scenario.seed()));
		assertThat(ids(Admission.decide(pdp, who, purpose, shuffled, ATTRIBUTES, MergeProperties::found)
			.block()
			.admittedRecords())).as("whatever the order").isEqualTo(admitted);
	}

	@Property(tries = 10_000)
	void aGrantForOneRecordOfAnAmbiguousCustomerWidensNoOther(@ForAll("scenarios") Scenario scenario) {
		Customer customer = Customer.of(scenario.records());
		Set<String> sources = new HashSet<>();
		boolean ambiguous = !customer.records().stream().allMatch((r) -> sources.add(r.source()));
		if (!ambiguous) {
			return;
		}
		PolicyInput.Subject who = who(scenario.caller());
		String purpose = purpose(scenario, who);
		Admission all = Admission
			.decide(pdp(scenario, customer, false), who, purpose, customer.records(), ATTRIBUTES,
					MergeProperties::found)
			.block();
		Admission unnamed = Admission
			.decide(pdp(scenario, customer, true), who, purpose, customer.records(), ATTRIBUTES, MergeProperties::found)
			.block();
		Set<String> named = new HashSet<>();
		scenario.grants()
			.forEach((g) -> named.add(customer.records().get(g.customer() % customer.records().size()).reference()));
		Map<String, Decision> without = decisions(unnamed);
		decisions(all).forEach((reference, decision) -> {
			if (!named.contains(reference)) {
				assertThat(decision).as("the decision for %s", reference).isEqualTo(without.get(reference));
			}
		});
	}

	/** Each record's decision, admitted or not. */
	private static Map<String, Decision> decisions(Admission admission) {
		Map<String, Decision> decisions = new LinkedHashMap<>();
		admission.admitted().forEach((d) -> decisions.put(d.record().reference(), d.decision()));
		admission.refused().forEach((d) -> decisions.put(d.record().reference(), d.decision()));
		return decisions;
	}

	// ------------------------------------------------------------------ generators

	@Provide
	Arbitrary<Scenario> scenarios() {
		// Mostly what departments hold, often enough what they should not.
		Arbitrary<Object> regions = Arbitraries.frequency(Tuple.of(30, "EMEA"), Tuple.of(20, "AMER"),
				Tuple.of(20, "APAC"), Tuple.of(4, " EMEA "), Tuple.of(3, "emea"), Tuple.of(4, ""), Tuple.of(4, 42),
				Tuple.of(15, NONE));
		Arbitrary<Object> sensitivities = Arbitraries.frequency(Tuple.of(75, "standard"), Tuple.of(8, "restricted"),
				Tuple.of(3, "RESTRICTED"), Tuple.of(4, ""), Tuple.of(3, true), Tuple.of(7, NONE));
		Arbitrary<RecordSpec> records = Combinators
			.combine(Arbitraries.of(SOURCES), regions, sensitivities, Arbitraries.of(true, false).injectNull(0.3),
					Arbitraries.integers().between(0, 3), Arbitraries.of(true, false), Arbitraries.of(true, false))
			.as((source, region, sensitivity, consent, lists, found, shared) -> new RecordSpec(source,
					nullIfNone(region), nullIfNone(sensitivity), consent, lists, found, shared));
		Arbitrary<Caller> callers = Combinators
			.combine(Arbitraries.of("sales-rep", "marketing-analyst", "support-agent", "security-officer", "intern")
				.set()
				.ofMinSize(1)
				.ofMaxSize(2), Arbitraries.of("EMEA", "AMER", "APAC").injectNull(0.1))
			.as(Caller::new);
		Arbitrary<String> purposes = Arbitraries
			.of("account-management", "sales-followup", "support-case", "campaign-planning", "customer-analytics",
					"gossip")
			.injectNull(0.3);
		Arbitrary<GrantSpec> grants = Combinators
			.combine(Arbitraries.of(SOURCES),
					Arbitraries
						.of("customer.emails", "customer.phones", "sales.deals[].amount", "sales.notes",
								"support.tickets[].description", "marketing.campaigns")
						.list()
						.ofMaxSize(2)
						.injectNull(0.3),
					Arbitraries.integers().between(0, 4), purposes.filter((p) -> p != null))
			.as(GrantSpec::new);
		return Combinators
			.combine(callers, purposes, records.list().ofMinSize(1).ofMaxSize(5), grants.list().ofMaxSize(2),
					Arbitraries.longs())
			.as(Scenario::new);
	}

	/** Stands for an attribute the record does not carry at all. */
	private static final Object NONE = new Object();

	private static @Nullable Object nullIfNone(Object value) {
		return (value == NONE) ? null : value;
	}

	// ------------------------------------------------------------------ helpers

	private static PolicyInput.Subject who(Caller caller) {
		return new PolicyInput.Subject(caller.roles(), null, caller.region(), "subject-1");
	}

	/** The stated purpose, or the role's default as the decision point resolves it. */
	private static String purpose(Scenario scenario, PolicyInput.Subject who) {
		if (scenario.purpose() != null) {
			return scenario.purpose();
		}
		String resolved = new EmbeddedPolicyDecisionPoint(POLICY, 10).decideBestCase(who, null)
			.mapNotNull(Decision::purpose)
			.defaultIfEmpty("")
			.block();
		return (resolved != null) ? resolved : "";
	}

	/**
	 * @param unnamedOnly only the grants for any customer: what the decision is without
	 * the ones naming a record
	 */
	private static PolicyDecisionPoint pdp(Scenario scenario, Customer customer, boolean unnamedOnly) {
		List<PersonalGrant> grants = new ArrayList<>();
		for (int i = 0; i < scenario.grants().size(); i++) {
			GrantSpec grant = scenario.grants().get(i);
			String named = customer.records().get(grant.customer() % customer.records().size()).reference();
			if (!unnamedOnly) {
				grants.add(new PersonalGrant("g-" + i, "subject-1", named, grant.source(), grant.fields(),
						grant.purpose(), NOW.minusSeconds(60), NOW.plusSeconds(3600), null));
			}
		}
		return new EmbeddedPolicyDecisionPoint(POLICY, PersonalGrants.of(grants), 100,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static boolean found(SourceRecord record) {
		return record.matchedBy().equals(CustomerResolver.BY_REFERENCE);
	}

	private static String view(Decision decision, Token token) {
		Map<String, String> views = decision.sources().getOrDefault(token.source(), Map.of());
		return views.getOrDefault(token.field(), views.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY));
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String s && !s.isBlank()) ? s.strip() : null;
	}

	private static Set<String> ids(List<SourceRecord> records) {
		Set<String> ids = new HashSet<>();
		records.forEach((r) -> ids.add(r.id()));
		return ids;
	}

	/** A value of one record's field: text, or a number no masking method produces. */
	record Token(String record, String source, String field, Object value) {
	}

	/** The generated records in canonical form, and every value they hold. */
	record Customer(List<SourceRecord> records, List<Token> tokens) {

		static Customer of(List<RecordSpec> specs) {
			List<SourceRecord> records = new ArrayList<>();
			List<Token> tokens = new ArrayList<>();
			for (int i = 0; i < specs.size(); i++) {
				records.add(record(i, specs.get(i), tokens));
			}
			return new Customer(List.copyOf(records), List.copyOf(tokens));
		}

		/**
		 * What resolution would have said: every source asked, each with its records and
		 * more than it read.
		 */
		Resolution resolution() {
			Map<String, SourceResult> results = new LinkedHashMap<>();
			for (String source : SOURCES) {
				results.put(source, new SourceResult(source, SourceResult.OK, 3,
						this.records.stream().filter((r) -> r.source().equals(source)).toList(), true));
			}
			return new Resolution(results, this.records);
		}

		private static SourceRecord record(int index, RecordSpec spec, List<Token> tokens) {
			String id = "REC" + index + "X" + spec.source().toUpperCase(java.util.Locale.ROOT);
			Values values = new Values(id, spec.source(), tokens, index);
			ObjectNode canonical = JSON.createObjectNode();
			ObjectNode customer = canonical.putObject("customer");
			customer.put("name", values.text("customer.name"));
			var emails = customer.putArray("emails");
			emails.add(values.text("customer.emails") + "@" + id.toLowerCase() + ".example");
			if (spec.shared()) {
				emails.add(SHARED_EMAIL);
			}
			customer.putArray("phones").add(values.text("customer.phones"));
			put(customer, "region", spec.region());
			put(customer, "sensitivity", spec.sensitivity());
			if (spec.consent() != null) {
				customer.putObject("consent").putObject("sales-followup").put("granted", spec.consent());
			}
			switch (spec.source()) {
				case "crm" -> {
					customer.putObject("address").put("street", values.text("customer.address"));
					ObjectNode sales = canonical.putObject("sales");
					sales.put("account_id", values.text("sales.account_id"));
					sales.put("account_name", values.text("sales.account_name"));
					sales.putObject("owner").put("name", values.text("sales.owner"));
					sales.put("annual_revenue", values.number("sales.annual_revenue"));
					sales.put("credit_limit", values.number("sales.credit_limit"));
					sales.put("internal_code", values.text("sales.internal_code"));
					var deals = sales.putArray("deals");
					for (int d = 0; d < spec.lists(); d++) {
						deals.addObject()
							.put("name", values.text("sales.deals[].name"))
							.put("amount", values.number("sales.deals[].amount"))
							.put("close_date", values.text("sales.deals[].close_date"));
					}
					sales.putArray("notes").addObject().put("text", values.text("sales.notes"));
				}
				case "marketing" -> {
					ObjectNode marketing = canonical.putObject("marketing");
					marketing.put("lead_id", values.text("marketing.lead_id"));
					marketing.put("lead_score", values.number("marketing.lead_score"));
					marketing.putArray("segments").add(values.text("marketing.segments"));
					marketing.putArray("campaigns").addObject().put("name", values.text("marketing.campaigns"));
					marketing.put("last_engagement", values.text("marketing.last_engagement"));
				}
				default -> {
					ObjectNode support = canonical.putObject("support");
					support.put("requester_id", values.text("support.requester_id"));
					support.putObject("csat").put("score", values.number("support.csat"));
					var tickets = support.putArray("tickets");
					for (int t = 0; t < spec.lists(); t++) {
						tickets.addObject()
							.put("subject", values.text("support.tickets[].subject"))
							.put("description", values.text("support.tickets[].description"));
					}
				}
			}
			boolean found = index == 0 || spec.found();
			return new SourceRecord(spec.source(), id, canonical, found ? CustomerResolver.BY_REFERENCE : "email");
		}

		private static void put(ObjectNode customer, String name, @Nullable Object value) {
			if (value instanceof String s) {
				customer.put(name, s);
			}
			else if (value instanceof Integer n) {
				customer.put(name, n);
			}
			else if (value instanceof Boolean b) {
				customer.put(name, b);
			}
		}

	}

	/** Unique values for one record, each remembered with its field. */
	private static final class Values {

		private final String record;

		private final String source;

		private final List<Token> tokens;

		private final int index;

		private int next;

		Values(String record, String source, List<Token> tokens, int index) {
			this.record = record;
			this.source = source;
			this.tokens = tokens;
			this.index = index;
		}

		String text(String field) {
			String value = "tok" + this.index + "v" + (this.next++) + "z";
			this.tokens.add(new Token(this.record, this.source, field, value));
			return value;
		}

		BigDecimal number(String field) {
			BigDecimal value = new BigDecimal((this.index + 1) * 1_000_003L + (this.next++) + ".25");
			this.tokens.add(new Token(this.record, this.source, field, value));
			return value;
		}

	}

}
