package io.customerdata.gateway.policyadmin;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drafts made for other features (an access request promoted to a role-wide grant, an
 * unused grant narrowed): the version in force, changed, saved as a draft of the officer
 * who asked. It then goes through four eyes as every draft does.
 */
public final class PolicyDrafts {

	private final PolicyAdministration administration;

	private final JsonMapper json;

	PolicyDrafts(PolicyAdministration administration, JsonMapper json) {
		this.administration = administration;
		this.json = json;
	}

	/** A role-wide grant to add, as the policy document writes it. */
	public record ProposedGrant(String id, String description, List<String> roles, String source, List<String> purposes,
			String maxLevel, @Nullable List<String> fields) {
	}

	/** A new draft: its number, and its label. */
	public record Drafted(long id, String version) {
	}

	/** The version in force with these grants added. */
	public Drafted withGrants(String officer, List<ProposedGrant> grants, String comment) {
		ObjectNode document = (ObjectNode) this.json.readTree(this.administration.active().document());
		ArrayNode all = document.withArray("grants");
		for (ProposedGrant grant : grants) {
			ObjectNode added = all.addObject()
				.put("id", grant.id())
				.put("description", grant.description())
				.put("source", grant.source())
				.put("max_level", grant.maxLevel())
				.put("effect", "allow");
			grant.roles().forEach(added.putArray("roles")::add);
			grant.purposes().forEach(added.putArray("purposes")::add);
			if (grant.fields() != null) {
				grant.fields().forEach(added.putArray("fields")::add);
			}
		}
		return drafted(officer, document, comment);
	}

	/**
	 * The version in force with fields taken out of one role-wide grant; a grant left
	 * with no field is removed.
	 */
	public Drafted withoutFields(String officer, String grantId, List<String> fields, List<String> allFields,
			String comment) {
		ObjectNode document = (ObjectNode) this.json.readTree(this.administration.active().document());
		ArrayNode grants = document.withArray("grants");
		for (int i = 0; i < grants.size(); i++) {
			ObjectNode grant = (ObjectNode) grants.get(i);
			if (!grant.path("id").asString("").equals(grantId)) {
				continue;
			}
			List<String> kept = allFields.stream().filter((field) -> !fields.contains(field)).toList();
			if (kept.isEmpty()) {
				grants.remove(i);
			}
			else {
				ArrayNode listed = grant.putArray("fields");
				kept.forEach(listed::add);
			}
			return drafted(officer, document, comment);
		}
		throw io.customerdata.gateway.problem.GatewayProblem.of(io.customerdata.gateway.problem.ProblemType.NOT_FOUND,
				"The policy in force has no grant " + grantId + ".");
	}

	private Drafted drafted(String officer, ObjectNode document, String comment) {
		PolicyVersion draft = this.administration.draft(officer, document, null, comment).version();
		return new Drafted(draft.id(), draft.version());
	}

}
