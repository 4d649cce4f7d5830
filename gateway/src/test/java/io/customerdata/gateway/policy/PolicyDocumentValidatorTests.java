package io.customerdata.gateway.policy;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Every kind of mistake a security officer can make is refused, with where it is. */
class PolicyDocumentValidatorTests {

	private final PolicyReader reader = new PolicyReader();

	@Test
	void acceptsTheShippedPolicy() {
		assertThat(PolicyFixtures.shippedPolicy().version()).isEqualTo("2026-11-25.1");
	}

	@Test
	void refusesAnUnknownProperty() {
		assertRefused((doc) -> doc.put("grant", "typo"), "/", "grant");
	}

	@Test
	void refusesAnUnknownEffect() {
		assertRefused((doc) -> grant(doc, 0).put("effect", "permit"), "/grants/0/effect", "");
	}

	@Test
	void refusesAnUnknownMaskingMethod() {
		assertRefused((doc) -> ((ObjectNode) doc.get("masking").get("customer.emails")).put("method", "blur"),
				"/masking/customer.emails/method", "");
	}

	@Test
	void refusesARangeWithoutBounds() {
		assertRefused((doc) -> ((ObjectNode) doc.get("masking").get("sales.annual_revenue")).remove("bounds"),
				"/masking/sales.annual_revenue", "bounds");
	}

	@Test
	void refusesAnUnknownLevel() {
		assertRefused((doc) -> ((ObjectNode) doc.get("roles").get("sales-rep")).put("clearance", "top-secret"),
				"/roles/sales-rep/clearance", "unknown level 'top-secret'");
		assertRefused((doc) -> ((ObjectNode) doc.get("sources").get("crm").get("fields")).put("sales.notes", "secret"),
				"/sources/crm/fields/sales.notes", "unknown level 'secret'");
		assertRefused((doc) -> ((ObjectNode) doc.get("sources").get("crm")).put("default_level", "secret"),
				"/sources/crm/default_level", "unknown level 'secret'");
		assertRefused((doc) -> grant(doc, 0).put("max_level", "secret"), "/grants/0/max_level",
				"unknown level 'secret'");
	}

	@Test
	void refusesAGrantForAnUnknownRoleSourcePurposeOrField() {
		assertRefused((doc) -> ((ArrayNode) grant(doc, 0).get("roles")).add("intern"), "/grants/0/roles/1",
				"unknown role 'intern'");
		assertRefused((doc) -> grant(doc, 0).put("source", "erp"), "/grants/0/source", "unknown source 'erp'");
		assertRefused((doc) -> ((ArrayNode) grant(doc, 0).get("purposes")).add("gossip"), "/grants/0/purposes/1",
				"unknown purpose 'gossip'");
		assertRefused((doc) -> ((ArrayNode) grant(doc, 0).get("fields")).add("sales.shoe_size"), "/grants/0/fields/7",
				"source 'crm' has no field 'sales.shoe_size'");
	}

	@Test
	void refusesAnAttributeFromAnUnknownSourceOrOfAnUnknownKind() {
		assertRefused(
				(doc) -> ((ArrayNode) ((ObjectNode) doc.get("sources").get("marketing").get("attributes").get("region"))
					.get("from")).add("erp"),
				"/sources/marketing/attributes/region/from/2", "neither \"record\" nor a source: 'erp'");
		assertRefused((doc) -> ((ObjectNode) doc.get("sources").get("crm")).putObject("attributes")
			.putObject("shoe_size")
			.putArray("from")
			.add("record"), "/sources/crm/attributes", "shoe_size");
		assertRefused((doc) -> ((ObjectNode) doc.get("sources").get("marketing").get("attributes").get("sensitivity"))
			.put("default", ""), "/sources/marketing/attributes/sensitivity/default", "");
	}

	@Test
	void refusesAnUnknownDefaultPurpose() {
		assertRefused((doc) -> ((ObjectNode) doc.get("roles").get("sales-rep")).put("default_purpose", "golf"),
				"/roles/sales-rep/default_purpose", "unknown purpose 'golf'");
	}

	@Test
	void refusesDuplicateGrantIds() {
		assertRefused((doc) -> grant(doc, 1).put("id", grant(doc, 0).get("id").asString()), "/grants/1/id",
				"duplicate");
	}

	@Test
	void refusesAGrantThatCanNeverMatch() {
		// crm's deal amounts are confidential; a grant capped at public can never show
		// them.
		assertRefused((doc) -> {
			ObjectNode grant = grant(doc, 0);
			grant.put("max_level", "public");
		}, "/grants/0", "can never match");
	}

	@Test
	void refusesMaskingForAFieldNoSourceHas() {
		assertRefused(
				(doc) -> ((ObjectNode) doc.get("masking")).putObject("customer.shoe_size").put("method", "redact"),
				"/masking/customer.shoe_size", "matches no field");
	}

	private ObjectNode grant(ObjectNode document, int index) {
		return (ObjectNode) document.get("grants").get(index);
	}

	private void assertRefused(Consumer<ObjectNode> mistake, String pointer, String message) {
		ObjectNode document = PolicyFixtures.shippedDocument();
		mistake.accept(document);
		assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> this.reader.compile(document))
			.satisfies((ex) -> {
				List<PolicyViolation> violations = ex.violations();
				assertThat(violations).as(violations.toString()).anySatisfy((v) -> {
					assertThat(v.pointer()).isEqualTo(pointer);
					assertThat(v.message()).contains(message);
				});
			});
	}

}
