package io.customerdata.gateway.policyadmin;

import java.time.Clock;
import java.time.Instant;

import io.customerdata.gateway.policy.PolicyReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first version, when the database holds none: the configured document, in force at
 * once (it was in force before versions were stored), recorded as imported by
 * {@code system}. A document the gateway cannot enforce stops the start.
 */
final class FirstPolicyImport {

	private final PolicyVersionRepository versions;

	private final TransactionTemplate transactions;

	private final PolicyReader reader;

	private final JsonMapper json;

	private final Clock clock;

	FirstPolicyImport(PolicyVersionRepository versions, TransactionTemplate transactions, PolicyReader reader,
			JsonMapper json, Clock clock) {
		this.versions = versions;
		this.transactions = transactions;
		this.reader = reader;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Replicas starting together on an empty database race here; the unique label lets
	 * exactly one of them import.
	 * @return whether this call imported it
	 */
	boolean importIfEmpty(byte[] document, String from) {
		try {
			return importNow(document, from);
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private boolean importNow(byte[] document, String from) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (!this.versions.isEmpty()) {
				return false;
			}
			JsonNode content = this.json.readTree(document);
			String version = this.reader.compile(content).version();
			long id = this.versions.nextId();
			Instant now = this.clock.instant();
			this.versions.insert(new PolicyVersion(id, version, PolicyState.PUBLISHED, "system", now, now, null, null,
					now, this.json.writeValueAsString(content)));
			this.versions.insertTransition(
					new PolicyTransition(id, null, PolicyState.PUBLISHED, "system", now, "imported from " + from));
			return true;
		}));
	}

}
