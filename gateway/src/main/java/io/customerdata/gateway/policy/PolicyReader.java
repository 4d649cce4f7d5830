package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;

/**
 * Reads a policy document, validates it and compiles it. Used by the gateway at start-up
 * and by {@link PolicyCli}; nothing here needs a Spring context.
 */
public final class PolicyReader {

	private final JsonMapper json;

	private final PolicyDocumentValidator validator = new PolicyDocumentValidator();

	public PolicyReader(JsonMapper json) {
		// Optional flags the document omits (requires_consent) are false, as the schema
		// says.
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
	}

	public PolicyReader() {
		this(JsonMapper.builder().build());
	}

	/**
	 * The compiled policy, or an {@link InvalidPolicyException} listing every violation.
	 */
	public CompiledPolicy read(Resource resource) {
		JsonNode document;
		try (InputStream in = resource.getInputStream()) {
			document = this.json.readTree(in);
		}
		catch (IOException | JacksonException ex) {
			throw new InvalidPolicyException(List.of(new PolicyViolation("/",
					"not readable as JSON: " + resource.getDescription() + ": " + ex.getMessage())));
		}
		return compile(document);
	}

	/**
	 * A document as published (a file's or an administrator's bytes), or an
	 * {@link InvalidPolicyException}.
	 */
	public CompiledPolicy compile(byte[] document) {
		try {
			return compile(this.json.readTree(document));
		}
		catch (JacksonException ex) {
			throw new InvalidPolicyException(
					List.of(new PolicyViolation("/", "not readable as JSON: " + ex.getOriginalMessage())));
		}
	}

	public CompiledPolicy compile(JsonNode document) {
		List<PolicyViolation> violations = this.validator.validate(document, this);
		if (!violations.isEmpty()) {
			throw new InvalidPolicyException(violations);
		}
		return CompiledPolicy.compile(bind(document));
	}

	/**
	 * Personal grants as OPA reads them at {@code data.customer_gateway.personal_grants}:
	 * an object of grant id to grant, times in RFC 3339.
	 */
	public byte[] write(PersonalGrants grants) {
		return this.json.writeValueAsBytes(grants.document());
	}

	/** The inverse of {@link #write}: an object of grant id to grant. */
	public PersonalGrants readGrants(JsonNode document) {
		List<PersonalGrant> grants = new java.util.ArrayList<>();
		document.properties().forEach((entry) -> {
			PersonalGrant grant = this.json.treeToValue(entry.getValue(), PersonalGrant.class);
			grants.add(new PersonalGrant(entry.getKey(), grant.subject(), grant.customer(), grant.source(),
					grant.fields(), grant.purpose(), grant.approvedAt(), grant.expiresAt(), grant.revokedAt()));
		});
		return PersonalGrants.of(grants);
	}

	PolicyDocument bind(JsonNode document) {
		return this.json.treeToValue(document, PolicyDocument.class);
	}

}
