package io.customerdata.gateway.sources;

import tools.jackson.databind.node.ObjectNode;

/**
 * One source's record of a customer, in canonical form.
 *
 * @param matchedBy how it was linked: {@code reference}, {@code email} or {@code phone}
 */
public record SourceRecord(String source, String id, ObjectNode canonical, String matchedBy) {

	/**
	 * The record as a customer reference and audit-trail link: {@code crm:ACC-000001}.
	 */
	public String reference() {
		return this.source + ":" + this.id;
	}

}
